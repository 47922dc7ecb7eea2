import { describe, expect, it } from "vitest";
import { parseGoogleError } from "../upstream/google-error.js";
import { parseOpenAIError } from "../upstream/openai-error.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import { upstreamErrorToClient } from "./upstream-error-to-client.js";

const refused = (message: string, status = 400) => new UpstreamError(message, { kind: "http", status });

/** An OpenAI-compatible server's error, as send-request builds it from the body. */
const fromOpenAI = (status: number, error: Record<string, unknown>) => {
  const openai = parseOpenAIError({ error });
  return new UpstreamError(String(error.message), { kind: "http", status, ...(openai ? { openai } : {}) });
};

describe("upstreamErrorToClient", () => {
  it("an OpenAI-compatible server's 400 keeps its param and code", () => {
    const error = upstreamErrorToClient(
      fromOpenAI(400, {
        message: "Unsupported parameter: 'max_tokens' is not supported with this model.",
        type: "invalid_request_error",
        param: "max_tokens",
        code: "unsupported_parameter",
      }),
      "o3",
      "openai",
    );
    expect(error.toJSON().error).toMatchObject({
      type: "invalid_request_error",
      param: "max_tokens",
      code: "unsupported_parameter",
    });
    const plain = upstreamErrorToClient(fromOpenAI(422, { message: "no" }), "m", "openai");
    expect(plain.toJSON().error).toMatchObject({ param: null, code: "upstream_invalid_request" });
  });

  it("a param or code that is not a plain name, or holds a secret, is left out", () => {
    const key = "sk-proj-abcdefghijklmnopqrstuvwxyz";
    for (const [param, code] of [
      [`key ${key}`, key],
      ["account-secret-1", "x".repeat(300)],
    ] as const) {
      const error = upstreamErrorToClient(fromOpenAI(400, { message: "bad", param, code }), "m", "openai", {
        secrets: ["account-secret-1"],
      });
      expect(error.toJSON().error).toMatchObject({ param: null, code: "upstream_invalid_request" });
    }
  });

  it("OpenAI's insufficient_quota keeps its code", () => {
    const gone = fromOpenAI(429, { message: "You exceeded your current quota", code: "insufficient_quota" });
    expect(upstreamErrorToClient(gone, "m", "openai").code).toBe("insufficient_quota");
  });

  it("an input over the context window → 400 context_length_exceeded, as OpenAI names it", () => {
    const error = upstreamErrorToClient(
      refused("The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."),
      "gemini-2.5-flash",
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("context_length_exceeded");
    expect(error.type).toBe("invalid_request_error");
    expect(error.message).toContain("longer than 'gemini-2.5-flash' can take");
    expect(upstreamErrorToClient(refused("Invalid value at 'contents'"), "m").code).toBe(
      "upstream_invalid_request",
    );
  });

  it("what looks like a key or token, and the accounts' own secrets, never reach the client", () => {
    const key = `AIza${"k".repeat(35)}`;
    const message = `API key ${key} and refresh sim-refresh-alice and token ya29.a0AfB_secret are bad`;
    for (const status of [400, 500, 503]) {
      const error = upstreamErrorToClient(refused(message, status), "m", "gemini", {
        secrets: ["sim-refresh-alice", undefined, ""],
      });
      expect(error.message).not.toMatch(/AIza|sim-refresh-alice|ya29/);
      expect(error.message).toContain("API key [redacted] and refresh [redacted]");
    }
  });

  it("a rate limit: retry after the upstream's delay, or when another account frees up if that is sooner", () => {
    const limited = new UpstreamError("Resource exhausted", {
      kind: "http",
      status: 429,
      retryAfterMs: 17_000,
    });
    expect(upstreamErrorToClient(limited, "m").retryAfterSeconds).toBe(17);
    expect(upstreamErrorToClient(limited, "m", "gemini", { freeInMs: 0 }).retryAfterSeconds).toBe(1);
    expect(upstreamErrorToClient(limited, "m", "gemini", { freeInMs: 5_000 }).retryAfterSeconds).toBe(5);
    expect(upstreamErrorToClient(limited, "m", "gemini", { freeInMs: 60_000 }).retryAfterSeconds).toBe(17);
  });

  it("a Cloud Code quota exhausted with no RetryInfo: retry after the quota's reset, not after 1 s", () => {
    const exhausted = (message: string, metadata: Record<string, string>) => {
      const google = parseGoogleError({
        error: {
          code: 429,
          message,
          status: "RESOURCE_EXHAUSTED",
          details: [
            { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "QUOTA_EXHAUSTED", metadata },
          ],
        },
      });
      return new UpstreamError(message, { kind: "http", status: 429, ...(google ? { google } : {}) });
    };
    const withDelay = exhausted("You have exhausted your capacity on this model.", {
      quotaResetDelay: "1h5m",
    });
    expect(upstreamErrorToClient(withDelay, "m", "cloudcode").retryAfterSeconds).toBe(3_900);
    const inWords = exhausted("Your quota will reset after 1h5m.", {});
    // Every account rests until its reset: the first frees up in 3,900 s.
    expect(upstreamErrorToClient(inWords, "m", "cloudcode", { freeInMs: 3_900_000 }).retryAfterSeconds).toBe(
      3_900,
    );
  });
});
