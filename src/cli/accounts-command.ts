import type { Command } from "commander";
import type { CloudCodeFlags, GeminiFlags, OpenAIFlags } from "./accounts-add.js";
import type { LoginFlags } from "./accounts-login.js";
import type { ListFlags } from "./accounts-manage.js";
import type { AccountsFlags } from "./accounts-store.js";
import { parsePort, parsePositiveInteger } from "./options.js";

// Each command's module is loaded when it runs, so `agate accounts list` does not pay for the sign-in,
// the upstream clients or the server.
const manage = () => import("./accounts-manage.js");
const adding = () => import("./accounts-add.js");
const transfer = () => import("./accounts-transfer.js");

const CONFIG_FLAG = ["-c, --config <file>", "config file (default $AGATE_HOME/config.json)"] as const;
const ID = ["<id>", "the account's id (or a unique start of it) or its label"] as const;

/** `agate accounts ...`: manage the upstream accounts in the store a running gateway reads. */
export function registerAccountsCommand(program: Command): void {
  const accounts = program
    .command("accounts")
    .description(
      "Manage upstream accounts (list, add, login, remove, enable, disable, refresh, import, export).",
    );

  accounts
    .command("list")
    .description("List accounts: kind, label, state, requests today, quota left.")
    .option("--json", "print JSON (the objects GET /admin/accounts returns)")
    .option(...CONFIG_FLAG)
    .action(async (flags: ListFlags) => (await manage()).listAccountsCommand(flags));

  const add = accounts
    .command("add")
    .description("Add an account (keys may come from --key -, a pipe or a prompt).");
  add
    .command("gemini")
    .description("A Gemini API key (Google AI Studio).")
    .option("--key <key>", "the API key; `-` or absent: read from standard input or a prompt")
    .option("--label <label>", "a name for the account")
    .option("--base-url <url>", "Gemini API base URL")
    .option("--proxy-url <url>", "HTTP(S) proxy for this account's traffic")
    .option("--max-concurrent <n>", "requests in flight at once, at most", parsePositiveInteger)
    .option(...CONFIG_FLAG)
    .action(async (flags: GeminiFlags) => (await adding()).addGeminiCommand(flags));
  add
    .command("openai")
    .description("Any OpenAI-compatible server (/chat/completions).")
    .requiredOption("--base-url <url>", "base URL including the version path, e.g. http://127.0.0.1:11434/v1")
    .option("--key <key>", "its API key, if it needs one; `-`: read from standard input")
    .option("--models <list>", "comma-separated models it serves (default: its GET /models)", commaList)
    .option("--label <label>", "a name for the account")
    .option("--proxy-url <url>", "HTTP(S) proxy for this account's traffic")
    .option("--max-concurrent <n>", "requests in flight at once, at most", parsePositiveInteger)
    .option(...CONFIG_FLAG)
    .action(async (flags: OpenAIFlags) => (await adding()).addOpenAICommand(flags));
  add
    .command("cloudcode")
    .description(
      "A Google account on Cloud Code Assist, by its OAuth refresh token (or use `accounts login`).",
    )
    .option(
      "--refresh-token <token>",
      "the refresh token; `-` or absent: read from standard input or a prompt",
    )
    .option("--project <id>", "its Cloud Code project (default: discovered)")
    .option("--base-url <url>", "a Cloud Code endpoint (repeat for several, tried in order)", collect)
    .option("--label <label>", "a name for the account (default: its id)")
    .option("--proxy-url <url>", "HTTP(S) proxy for this account's traffic")
    .option("--max-concurrent <n>", "requests in flight at once, at most", parsePositiveInteger)
    .option(...CONFIG_FLAG)
    .action(async (flags: CloudCodeFlags) => (await adding()).addCloudCodeCommand(flags));

  accounts
    .command("login")
    .description(
      "Sign a Google account in (OAuth with PKCE, loopback redirect) and add it as a cloudcode account.",
    )
    .option("--label <label>", "a name for the account (default: its email)")
    .option("--project <id>", "its Cloud Code project (default: discovered)")
    .option("--port <port>", "port of the loopback redirect (default: a free one)", parsePort)
    .option("--no-browser", "only print the URL, do not try to open a browser")
    .option("--timeout <seconds>", "how long to wait for the browser", parsePositiveInteger, 300)
    .option(...CONFIG_FLAG)
    .action(async (flags: LoginFlags) => (await import("./accounts-login.js")).loginCommand(flags));

  accounts
    .command("remove")
    .description("Remove an account added here.")
    .argument(...ID)
    .option(...CONFIG_FLAG)
    .action(async (id: string, flags: AccountsFlags) => (await manage()).removeAccountCommand(id, flags));
  accounts
    .command("enable")
    .description("Turn an account on (also one agate turned off).")
    .argument(...ID)
    .option(...CONFIG_FLAG)
    .action(async (id: string, flags: AccountsFlags) => (await manage()).enableAccountCommand(id, flags));
  accounts
    .command("disable")
    .description("Turn an account off; it stays off across restarts until enabled.")
    .argument(...ID)
    .option("--reason <text>", "why, shown in the listing")
    .option(...CONFIG_FLAG)
    .action(async (id: string, flags: AccountsFlags & { reason?: string }) =>
      (await manage()).disableAccountCommand(id, flags),
    );
  accounts
    .command("refresh")
    .description(
      "Renew OAuth tokens and read model lists and quota now (all accounts that are on, or those named).",
    )
    .argument("[ids...]", "accounts to refresh")
    .option(...CONFIG_FLAG)
    .action(async (ids: string[], flags: AccountsFlags) =>
      (await import("./accounts-refresh.js")).refreshAccountsCommand(ids, flags),
    );
  accounts
    .command("import")
    .description(
      "Import accounts: Antigravity tools' accounts/*.json, a Gemini CLI oauth_creds.json, or an agate export.",
    )
    .argument("<path>", "a file or directory")
    .option("--json", "print the report as JSON")
    .option(...CONFIG_FLAG)
    .action(async (path: string, flags: AccountsFlags & { json?: boolean }) =>
      (await transfer()).importAccountsCommand(path, flags),
    );
  accounts
    .command("export")
    .description("Write every account in agate's export format (keys and tokens only with --with-secrets).")
    .option("--with-secrets", "include API keys and refresh tokens")
    .option("-o, --output <file>", "write to this file (mode 0600) instead of standard output")
    .option(...CONFIG_FLAG)
    .action(async (flags: AccountsFlags & { withSecrets?: boolean; output?: string }) =>
      (await transfer()).exportAccountsCommand(flags),
    );
}

function commaList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
