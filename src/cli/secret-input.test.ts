import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readSecret } from "./secret-input.js";

/** A stand-in for a terminal (or a pipe) on standard input, and a standard error that records. */
function streams(tty: boolean) {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty, setRawMode: () => stdin });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  let written = "";
  stderr.on("data", (chunk: Buffer) => {
    written += chunk.toString("utf8");
  });
  return {
    stdin: stdin as unknown as NodeJS.ReadStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    type: (text: string) => stdin.write(text),
    end: (text: string) => stdin.end(text),
    written: () => written,
  };
}

describe("readSecret", () => {
  it("takes the flag as given", async () => {
    const io = streams(false);
    expect(await readSecret({ flag: " AIza-key ", what: "key", required: true, ...io })).toBe("AIza-key");
  });

  it("reads standard input for `-`, or when piped and the flag is absent", async () => {
    const dash = streams(true);
    const reading = readSecret({ flag: "-", what: "key", required: true, ...dash });
    dash.end("from-stdin\n");
    expect(await reading).toBe("from-stdin");
    const piped = streams(false);
    const pipedReading = readSecret({ flag: undefined, what: "key", required: true, ...piped });
    piped.end("piped-key\n");
    expect(await pipedReading).toBe("piped-key");
    const empty = streams(false);
    const emptyReading = readSecret({ flag: undefined, what: "Gemini API key", required: true, ...empty });
    empty.end("");
    await expect(emptyReading).rejects.toThrow("no Gemini API key on standard input");
  });

  it("prompts on a terminal without echoing what is typed (backspace works)", async () => {
    const io = streams(true);
    const reading = readSecret({ flag: undefined, what: "Gemini API key", required: true, ...io });
    io.type("secrex");
    io.type("\u007ft\r");
    expect(await reading).toBe("secret");
    expect(io.written()).toBe("Gemini API key: \n");
  });

  it("an optional secret may be left empty; a piped stream is not read for it", async () => {
    const tty = streams(true);
    const reading = readSecret({ flag: undefined, what: "API key", required: false, ...tty });
    tty.type("\n");
    expect(await reading).toBeUndefined();
    expect(
      await readSecret({ flag: undefined, what: "API key", required: false, ...streams(false) }),
    ).toBeUndefined();
  });
});
