import { InvalidArgumentError } from "commander";

export interface SecretSource {
  /** The flag's value: the secret, `-` for standard input, or undefined when not given. */
  flag: string | undefined;
  /** What to ask for, e.g. "Gemini API key". */
  what: string;
  required: boolean;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}

/**
 * A key or token from its flag, from standard input (`-`, or piped in when the flag is absent), or typed
 * at a prompt that does not echo — so that it need not sit in the shell's history.
 */
export async function readSecret(source: SecretSource): Promise<string | undefined> {
  const stdin = source.stdin ?? process.stdin;
  const stderr = source.stderr ?? process.stderr;
  if (source.flag !== undefined && source.flag !== "-") return source.flag.trim();
  if (source.flag === "-" || (!stdin.isTTY && source.required)) {
    const text = (await readAll(stdin)).trim();
    if (text === "") throw new InvalidArgumentError(`no ${source.what} on standard input.`);
    return text;
  }
  if (!stdin.isTTY) return undefined;
  const typed = (
    await promptHidden(`${source.what}${source.required ? "" : " (empty for none)"}: `, stdin, stderr)
  ).trim();
  if (typed === "" && source.required) throw new InvalidArgumentError(`no ${source.what} given.`);
  return typed === "" ? undefined : typed;
}

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads one line in raw mode, echoing nothing; Ctrl+C aborts. */
function promptHidden(prompt: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
      if (error === undefined) resolve(typed);
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") return finish(new Error("cancelled."));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on("data", onData);
  });
}
