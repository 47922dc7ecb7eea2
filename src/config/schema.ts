import { z } from "zod";
import { DEFAULT_MODEL_ALIASES } from "../routing/aliases.js";

/**
 * Every configuration key, its default and what it does. The README's configuration table is checked
 * against this schema by test/config-readme.test.ts, so describe each key for a user.
 */

export const accountConfigSchema = z
  .object({
    kind: z.literal("gemini").describe("Upstream kind. `gemini`: a Gemini API key account."),
    label: z
      .string()
      .min(1)
      .optional()
      .describe("A name for the account, shown in X-Account-Email and logs."),
    api_key: z.string().min(1).describe("The Gemini API key (sent as x-goog-api-key, never in a URL)."),
    base_url: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("Base URL of the Gemini API; default https://generativelanguage.googleapis.com."),
    enabled: z.boolean().default(true).describe("Whether the account takes requests."),
  })
  .strict();

export type AccountConfig = z.infer<typeof accountConfigSchema>;

const port = z.number().int().min(0).max(65535);

export const configSchema = z
  .object({
    port: port.default(8045).describe("TCP port agate listens on."),
    host: z
      .string()
      .min(1)
      .optional()
      .describe("Address to bind. Default 127.0.0.1, or 0.0.0.0 when allow_lan_access is true."),
    allow_lan_access: z
      .boolean()
      .default(false)
      .describe(
        "Listen on all interfaces (0.0.0.0) so other machines can reach agate; turns on auth in `auto` mode.",
      ),
    auth_mode: z
      .enum(["off", "strict", "all_except_health", "auto"])
      .default("auto")
      .describe(
        "`off`, `strict` (every route, /healthz too), `all_except_health`, or `auto` (= all_except_health with allow_lan_access, else off).",
      ),
    api_keys: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Client keys accepted in Authorization: Bearer, x-api-key or x-goog-api-key. Env: comma-separated.",
      ),
    allowed_hosts: z
      .array(z.string().min(1))
      .default([])
      .describe(
        "Extra Host header names accepted while bound to loopback (DNS-rebinding guard). Env: comma-separated.",
      ),
    model_mapping: z
      .record(z.string().min(1), z.string().min(1))
      .default({})
      .describe("Client model name (exact or with `*` wildcards) → upstream model. Env: a JSON object."),
    model_aliases: z
      .record(z.string().min(1), z.string().min(1))
      .default(DEFAULT_MODEL_ALIASES)
      .describe(
        "Built-in aliases applied after model_mapping (OpenAI names → Gemini models). Env: a JSON object.",
      ),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(3)
      .describe("Upstream attempts per request, at most."),
    request_timeout_ms: z
      .number()
      .int()
      .positive()
      .default(600_000)
      .describe("Longest an upstream call may take in total, in milliseconds."),
    first_byte_timeout_ms: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe(
        "Longest agate waits for the upstream's first byte before trying another account, in milliseconds.",
      ),
    stream_keepalive_ms: z
      .number()
      .int()
      .positive()
      .default(15_000)
      .describe("A `: keep-alive` SSE comment is sent after this much upstream silence, in milliseconds."),
    body_limit_bytes: z
      .number()
      .int()
      .positive()
      .default(50 * 1024 * 1024)
      .describe("Largest accepted request body, in bytes; larger bodies get 413."),
    cors_origins: z
      .array(z.string().min(1))
      .default([])
      .describe("Browser origins allowed cross-origin access (`*` for any). Env: comma-separated."),
    expose_account_header: z
      .boolean()
      .default(true)
      .describe("Send X-Account-Email with the label of the account that served the request."),
    shutdown_timeout_ms: z
      .number()
      .int()
      .nonnegative()
      .default(10_000)
      .describe("On SIGINT/SIGTERM, how long in-flight requests may take to finish, in milliseconds."),
    data_dir: z
      .string()
      .min(1)
      .describe("Where agate keeps its state (agate.db). Default $AGATE_HOME or ~/.agate."),
    log_level: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info")
      .describe("Log verbosity."),
    accounts: z
      .array(accountConfigSchema)
      .default([])
      .describe("Upstream accounts declared in the config file: `[{kind, label, api_key, base_url}]`."),
  })
  .strict();

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigKey = keyof z.infer<typeof configSchema>;

/** Keys whose values are secrets: masked by `agate config print` and never logged. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(["api_keys", "api_key"]);
