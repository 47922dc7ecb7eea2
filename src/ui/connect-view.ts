import type { ConnectInfo } from "./api.js";
import { h, replace } from "./dom.js";

interface Snippet {
  title: string;
  language: string;
  code: string;
}

/** Ready-to-copy client setups, each with agate's /v1 base URL and the right key story. */
export function snippets(connect: ConnectInfo): Snippet[] {
  const base = connect.base_url;
  const key = connect.key_required ? "<your agate API key>" : "sk-agate";
  const envKey = connect.key_required ? "$AGATE_API_KEY" : "sk-agate";
  return [
    {
      title: "OpenAI SDK — Python",
      language: "python",
      code: `from openai import OpenAI

client = OpenAI(base_url="${base}", api_key="${key}")
reply = client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(reply.choices[0].message.content)`,
    },
    {
      title: "OpenAI SDK — Node",
      language: "javascript",
      code: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${base}", apiKey: "${key}" });
const reply = await client.chat.completions.create({
  model: "gpt-4o",
  messages: [{ role: "user", content: "Hello!" }],
});
console.log(reply.choices[0].message.content);`,
    },
    {
      title: "curl",
      language: "shell",
      code: `curl ${base}/chat/completions \\
  -H "Authorization: Bearer ${envKey}" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hello!"}]}'`,
    },
    {
      title: "Vercel AI SDK",
      language: "javascript",
      code: `import { createOpenAI } from "@ai-sdk/openai";
import { generateText } from "ai";

const agate = createOpenAI({ baseURL: "${base}", apiKey: "${key}" });
const { text } = await generateText({ model: agate("gpt-4o"), prompt: "Hello!" });
console.log(text);`,
    },
    {
      title: "Codex CLI — ~/.codex/config.toml",
      language: "toml",
      code: `# Give Codex a model name outside its own catalog and map it to a Gemini model in agate
# (Models tab, or model_mapping: {"agate-gemini": "gemini-3.1-pro-preview"}).
model = "agate-gemini"
model_provider = "agate"

[model_providers.agate]
name = "agate"
base_url = "${base}"
wire_api = "responses"${connect.key_required ? '\nenv_key = "AGATE_API_KEY"   # export AGATE_API_KEY=<your agate API key>' : ""}`,
    },
  ];
}

export function renderConnect(container: HTMLElement, connect: ConnectInfo): void {
  replace(
    container,
    h(
      "div",
      { class: "connect-summary" },
      h(
        "div",
        {},
        h("span", { class: "muted" }, "Base URL"),
        h("code", { id: "base-url", class: "big" }, connect.base_url),
      ),
      h(
        "div",
        {},
        h("span", { class: "muted" }, "API key"),
        h(
          "span",
          { id: "key-required" },
          connect.key_required
            ? `required (auth_mode ${connect.auth_mode}): one of agate's api_keys`
            : "not required: any value works (auth_mode off)",
        ),
      ),
      connect.lan_urls.length > 1
        ? h(
            "div",
            {},
            h("span", { class: "muted" }, "Also at"),
            h("span", {}, connect.lan_urls.slice(1).join(", ")),
          )
        : null,
      connect.lan_access
        ? null
        : h(
            "p",
            { class: "muted" },
            "agate listens on this machine only. Set allow_lan_access: true (with api_keys) to reach it from other machines.",
          ),
    ),
    ...snippets(connect).map((snippet) => {
      const code = h("code", {}, snippet.code);
      return h(
        "section",
        { class: "snippet" },
        h(
          "header",
          {},
          h("h3", {}, snippet.title),
          h("button", { class: "small", onclick: (event: Event) => void copy(snippet.code, event) }, "Copy"),
        ),
        h("pre", { "data-language": snippet.language }, code),
      );
    }),
  );
}

async function copy(text: string, event: Event): Promise<void> {
  const button = event.currentTarget as HTMLButtonElement;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Plain http on a LAN address is not a secure context: fall back to a selection and execCommand.
    const area = h("textarea", {}, text);
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  button.textContent = "Copied";
  setTimeout(() => {
    button.textContent = "Copy";
  }, 1500);
}
