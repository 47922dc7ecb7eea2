import { createInterface } from "node:readline";
import { AccountCheck } from "../accounts/account-check.js";
import { accountFromInput } from "../accounts/account-input.js";
import { signInWithGoogle } from "../accounts/sign-in/google-sign-in.js";
import { openBrowser } from "../accounts/sign-in/open-browser.js";
import { ConfigError } from "../config/config-error.js";
import { type AccountsFlags, withAccountsStore } from "./accounts-store.js";
import { pickupNote, print } from "./accounts-views.js";

export interface LoginFlags extends AccountsFlags {
  label?: string;
  project?: string;
  port?: number;
  /** false with --no-browser. */
  browser: boolean;
  /** Seconds to wait for the browser. */
  timeout: number;
}

/**
 * `agate accounts login`: Google sign-in (authorization code + PKCE, loopback redirect on a free port),
 * then the email read, the Cloud Code project discovered and the account stored — or, when that Google
 * account is already there, its refresh token renewed.
 */
export async function loginCommand(flags: LoginFlags): Promise<void> {
  await withAccountsStore(flags, async (store) => {
    const { config } = store;
    if (config.oauth_client_id === undefined) {
      throw new ConfigError(
        "oauth_client_id: `agate accounts login` needs the OAuth client id (and oauth_client_secret) to sign in with; " +
          "set AGATE_OAUTH_CLIENT_ID and AGATE_OAUTH_CLIENT_SECRET, or put them in the config file.",
        "oauth_client_id",
      );
    }
    const paste = pastedRedirect();
    let signedIn: Awaited<ReturnType<typeof signInWithGoogle>>;
    try {
      signedIn = await signInWithGoogle({
        authUrl: config.oauth_auth_url,
        tokenUrl: config.oauth_token_url,
        userinfoUrl: config.oauth_userinfo_url,
        clientId: config.oauth_client_id,
        ...(config.oauth_client_secret === undefined ? {} : { clientSecret: config.oauth_client_secret }),
        ...(flags.port === undefined ? {} : { port: flags.port }),
        timeoutMs: flags.timeout * 1000,
        now: store.now,
        ...(paste === undefined ? {} : { pasted: paste.line }),
        show: (url, redirectUri) => {
          const opened = flags.browser && openBrowser(url, process.env);
          print(
            `${opened ? "Opening your browser to sign in with Google. If it did not open, visit" : "Sign in with Google: open this URL in a browser"}:\n\n  ${url}\n`,
          );
          print(`Waiting for the redirect to ${redirectUri} (up to ${flags.timeout} s)...`);
          if (paste !== undefined)
            print(
              "If the browser runs on another machine, paste here the address it ended on (it will not load).",
            );
        },
      });
    } finally {
      paste?.close();
    }
    const account = accountFromInput(
      {
        kind: "cloudcode",
        refresh_token: signedIn.refreshToken,
        ...(flags.label === undefined ? {} : { label: flags.label }),
        ...(flags.project === undefined ? {} : { project_id: flags.project }),
      },
      { email: signedIn.email },
    );
    const { outcome, account: stored, note } = store.book.merge(account);
    const check = new AccountCheck(config, store.db, store);
    try {
      check.saveToken(stored.id, signedIn.accessToken, signedIn.expiresAt);
      const result = await check.check(stored, { renewToken: false });
      const verb = { added: "added", updated: "renewed", skipped: "already had" }[outcome];
      print(`Signed in as ${signedIn.email}: ${verb} cloudcode account ${stored.id} "${stored.label}".`);
      if (note !== undefined) print(`Note: ${note}.`);
      if (result.ok)
        print(`Cloud Code project ${result.projectId ?? "(none)"}, ${result.models} models available.`);
      else print(`The account is stored, but asking Cloud Code about it failed: ${result.error}`);
      if (outcome !== "skipped") print(pickupNote(config.accounts_reload_ms));
    } finally {
      await check.close();
    }
  });
}

/** On a terminal, a line the user may paste instead of waiting for the browser's redirect. */
function pastedRedirect(): { line: Promise<string>; close: () => void } | undefined {
  if (!process.stdin.isTTY) return undefined;
  const lines = createInterface({ input: process.stdin, terminal: false });
  const line = new Promise<string>((resolve) => {
    lines.on("line", (text) => {
      if (text.trim() !== "") resolve(text);
    });
  });
  return { line, close: () => lines.close() };
}
