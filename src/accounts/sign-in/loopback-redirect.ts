import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const CALLBACK_PATH = "/oauth2callback";

export interface LoopbackRedirect {
  /** http://127.0.0.1:PORT/oauth2callback, the redirect_uri to register with the request. */
  redirectUri: string;
  /** The authorization code, once the browser comes back with it and the expected state. */
  code: Promise<string>;
  close(): Promise<void>;
}

/**
 * A one-shot HTTP server on 127.0.0.1 (a free port unless one is given) that receives Google's redirect,
 * checks its `state`, shows the user a short page and hands over the code. Anything else on the port
 * gets a 404; a redirect with an error (consent refused) or a wrong state ends the sign-in.
 */
export async function startLoopbackRedirect(expectedState: string, port = 0): Promise<LoopbackRedirect> {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  code.catch(() => {});
  const server = createServer((request, response) => {
    const outcome = handle(request, response, expectedState);
    if (outcome === undefined) return;
    if (outcome instanceof Error) settle?.reject(outcome);
    else settle?.resolve(outcome);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${bound}${CALLBACK_PATH}`,
    code,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The code, an Error ending the sign-in, or undefined for a request that is not the redirect. */
function handle(
  request: IncomingMessage,
  response: ServerResponse,
  expectedState: string,
): string | Error | undefined {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (request.method !== "GET" || url.pathname !== CALLBACK_PATH) {
    page(response, 404, "Not found", "This address only receives agate's Google sign-in.");
    return undefined;
  }
  const outcome = codeFromRedirect(url, expectedState);
  if (outcome instanceof Error) page(response, 400, "Sign-in failed", outcome.message);
  else
    page(
      response,
      200,
      "Signed in",
      "agate has the sign-in; you can close this tab and go back to the terminal.",
    );
  return outcome;
}

/** Reads the code from the redirect URL (or one the user pasted), checking the state; an Error otherwise. */
export function codeFromRedirect(url: URL, expectedState: string): string | Error {
  const error = url.searchParams.get("error");
  if (error !== null) {
    return new Error(
      `Google refused the sign-in: ${error}${error === "access_denied" ? " (consent was not given)" : ""}.`,
    );
  }
  if (url.searchParams.get("state") !== expectedState)
    return new Error(
      "The redirect's state does not match this sign-in (a stale or forged redirect); start again.",
    );
  const code = url.searchParams.get("code");
  if (code === null || code === "") return new Error("The redirect carries no authorization code.");
  return code;
}

function page(response: ServerResponse, status: number, title: string, text: string): void {
  const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  response.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    connection: "close",
  });
  response.end(
    `<!doctype html><meta charset="utf-8"><title>agate: ${escapeHtml(title)}</title>` +
      `<body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body>`,
  );
}
