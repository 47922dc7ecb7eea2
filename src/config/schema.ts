import { z } from "zod";
import { DEFAULT_MODEL_ALIASES } from "../routing/aliases.js";
import { namedClientKeySchema, refineClientKeyNames } from "./client-key-names.js";

/**
 * Every configuration key, its default and what it does. The README's configuration table is checked
 * against this schema by test/readme-config-table.test.ts, so describe each key for a user.
 */

const httpUrl = z.url({ protocol: /^https?$/ });

/** Keys every account kind shares. */
const accountCommon = {
  label: z.string().min(1).optional().describe("A name for the account, shown in X-Account-Email and logs."),
  enabled: z.boolean().default(true).describe("Whether the account takes requests."),
  proxy_url: httpUrl
    .optional()
    .describe("HTTP(S) proxy for this account's upstream traffic (Google throttles per IP)."),
  max_concurrent: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Requests this account may have in flight at once; default max_concurrent_per_account."),
};

export const geminiAccountSchema = z
  .object({
    kind: z.literal("gemini").describe("Upstream kind. `gemini`: a Gemini API key account."),
    label: accountCommon.label,
    api_key: z.string().min(1).describe("The Gemini API key (sent as x-goog-api-key, never in a URL)."),
    base_url: httpUrl
      .optional()
      .describe("Base URL of the Gemini API; default https://generativelanguage.googleapis.com."),
    enabled: accountCommon.enabled,
    proxy_url: accountCommon.proxy_url,
    max_concurrent: accountCommon.max_concurrent,
  })
  .strict();

export const cloudcodeAccountSchema = z
  .object({
    kind: z
      .literal("cloudcode")
      .describe("Upstream kind. `cloudcode`: a Google account on Cloud Code Assist (OAuth)."),
    label: accountCommon.label,
    refresh_token: z
      .string()
      .min(1)
      .describe("The account's OAuth refresh token (needs oauth_client_id and oauth_client_secret)."),
    project_id: z
      .string()
      .min(1)
      .optional()
      .describe("The Cloud Code project; found with loadCodeAssist (and onboarding) when absent."),
    base_urls: z
      .array(httpUrl)
      .min(1)
      .optional()
      .describe(
        "Cloud Code endpoints tried in order (next on 404/408/5xx/network); default cloudcode_base_urls.",
      ),
    enabled: accountCommon.enabled,
    proxy_url: accountCommon.proxy_url,
    max_concurrent: accountCommon.max_concurrent,
  })
  .strict();

export const openaiAccountSchema = z
  .object({
    kind: z
      .literal("openai")
      .describe("Upstream kind. `openai`: any OpenAI-compatible server (/chat/completions)."),
    label: accountCommon.label,
    base_url: httpUrl.describe("Base URL including the version path, e.g. http://127.0.0.1:11434/v1."),
    api_key: z.string().min(1).optional().describe("Bearer key sent to that server, when it needs one."),
    models: z
      .array(z.string().min(1))
      .optional()
      .describe("The models it serves; default: what its GET /models lists."),
    enabled: accountCommon.enabled,
    proxy_url: accountCommon.proxy_url,
    max_concurrent: accountCommon.max_concurrent,
  })
  .strict();

/** One upstream account; `kind` picks the shape. */
export const accountConfigSchema = z.discriminatedUnion("kind", [
  geminiAccountSchema,
  cloudcodeAccountSchema,
  openaiAccountSchema,
]);

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
    workers: z
      .number()
      .int()
      .min(0)
      .max(256)
      .default(1)
      .describe(
        "Processes that serve requests (`agate serve`), sharing the port and the store: 1 = one process; 0 = one per CPU. The way to run more than one process on a store: a second `agate serve` on it is refused. See Cluster mode.",
      ),
    auth_mode: z
      .enum(["off", "strict", "all_except_health", "auto"])
      .default("auto")
      .describe(
        "`off`, `strict` (every route, /healthz too), `all_except_health`, or `auto` (= all_except_health with allow_lan_access, else off).",
      ),
    api_keys: z
      .array(z.union([z.string().min(1), namedClientKeySchema]))
      .default([])
      .describe(
        'Client keys accepted in Authorization: Bearer, x-api-key or x-goog-api-key: each a string, or {"key": "...", "name": "alice"} to name it in the request log and logs (else `key-` and 8 hex digits of a keyed hash of it). Env: comma-separated, or a JSON array.',
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
    retry_wait_budget_ms: z
      .number()
      .int()
      .nonnegative()
      .default(10_000)
      .describe(
        "With no other account to try, the longest one request may spend backing off before retrying the same account after a transient failure, in milliseconds.",
      ),
    retry_backoff_ms: z
      .number()
      .int()
      .positive()
      .default(500)
      .describe(
        "First back-off before retrying the same account, in milliseconds; doubles each retry, with jitter.",
      ),
    strategy: z
      .enum(["sticky", "round_robin", "least_loaded"])
      .default("sticky")
      .describe(
        "Account choice: `sticky` (a conversation keeps its account while it is healthy, else the one with most headroom), `round_robin`, or `least_loaded` (most headroom).",
      ),
    max_concurrent_per_account: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe("Requests one account may have in flight at once (0 = no limit); accounts may override it."),
    request_timeout_ms: z
      .number()
      .int()
      .positive()
      .default(600_000)
      .describe(
        "Longest a request may spend on its upstream calls, every attempt and the whole stream included, in milliseconds; then it ends with a 504 upstream_timeout (a stream: an error frame).",
      ),
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
      .describe(
        "A `: keep-alive` SSE comment is sent after this much upstream silence, in milliseconds, also while the first output is awaited (the stream's head then goes out with status 200 and no X-Account-Email, and a later failure comes as the stream's error); the Responses WebSocket pings its client this often (and ends one that left two pings unanswered).",
      ),
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
    admin_key: z
      .string()
      .min(16, "use at least 16 characters")
      .optional()
      .describe(
        "Key for the admin API, /metrics and the dashboard (Authorization: Bearer or x-admin-key). Unset: those are reachable from loopback only.",
      ),
    expose_account_header: z
      .boolean()
      .default(true)
      .describe("Send X-Account-Email with the label of the account that served the request."),
    shutdown_timeout_ms: z
      .number()
      .int()
      .nonnegative()
      .default(10_000)
      .describe(
        "On SIGINT/SIGTERM, how long in-flight requests may take to finish, in milliseconds; those still running then are stopped with a shutting_down error (a stream's error frame).",
      ),
    data_dir: z
      .string()
      .min(1)
      .describe(
        "Where agate keeps its state (agate.db). Default $AGATE_HOME or ~/.agate. One `agate serve` per data_dir (`--workers N` for more processes).",
      ),
    compaction_secret: z
      .string()
      .min(16)
      .optional()
      .describe(
        "Secret that seals the summaries POST /v1/responses/compact returns; default: a random key made once and kept in data_dir/compaction.key. Changing it makes earlier compaction items unreadable.",
      ),
    secret_key: z
      .string()
      .min(16, "use at least 16 characters")
      .optional()
      .describe(
        "Passphrase that encrypts the secrets kept in the store (API keys, refresh and access tokens) with AES-256-GCM. Set it as AGATE_SECRET_KEY, not in the config file next to the store; once set, agate needs it to read its accounts.",
      ),
    log_level: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info")
      .describe("Log verbosity: fatal, error, warn, info, debug, trace or silent."),
    log_format: z
      .enum(["auto", "json", "pretty"])
      .default("auto")
      .describe(
        "How log lines are written: json (one JSON object per line, for files and log collectors), pretty (time, level, message and fields, for a person), or auto: pretty when stdout is a terminal, else json.",
      ),
    log_bodies: z
      .boolean()
      .default(false)
      .describe(
        "Keep request and response bodies in the request log, secrets redacted and cut at log_body_max_bytes. Off by default: bodies hold your users' text.",
      ),
    log_body_max_bytes: z
      .number()
      .int()
      .positive()
      .default(16_384)
      .describe("Longest body kept per request when log_bodies is on, in bytes; the rest is cut."),
    request_log_retention_days: z
      .number()
      .positive()
      .default(7)
      .describe("Request-log entries older than this many days are deleted (pruned in the background)."),
    request_log_max_rows: z
      .number()
      .int()
      .positive()
      .default(100_000)
      .describe("At most this many request-log entries are kept; the oldest go first."),
    responses_retention_days: z
      .number()
      .positive()
      .default(30)
      .describe(
        "Stored responses (Responses API, store: true) older than this many days are deleted (pruned in the background), as OpenAI keeps them 30 days; previous_response_id and item_reference to them then fail as for a deleted one.",
      ),
    metrics_public: z
      .boolean()
      .default(false)
      .describe(
        "Serve GET /metrics to anyone who can reach agate, without the admin guard (admin_key or loopback).",
      ),
    accounts: z
      .array(accountConfigSchema)
      .default([])
      .describe(
        'Upstream accounts: `{kind: "gemini", api_key}`, `{kind: "cloudcode", refresh_token, project_id?}` or `{kind: "openai", base_url, api_key?}`, each with optional label, enabled, proxy_url, max_concurrent.',
      ),
    oauth_client_id: z
      .string()
      .min(1)
      .optional()
      .describe(
        "OAuth client id of cloudcode accounts: refreshes their tokens and signs them in (`agate accounts login`); required with one.",
      ),
    oauth_client_secret: z
      .string()
      .min(1)
      .optional()
      .describe("OAuth client secret that goes with oauth_client_id."),
    oauth_token_url: httpUrl
      .default("https://oauth2.googleapis.com/token")
      .describe("Google's OAuth token endpoint."),
    oauth_auth_url: httpUrl
      .default("https://accounts.google.com/o/oauth2/v2/auth")
      .describe(
        "Google's OAuth authorization page, where `agate accounts login` sends the browser (authorization code with PKCE).",
      ),
    oauth_userinfo_url: httpUrl
      .default("https://www.googleapis.com/oauth2/v2/userinfo")
      .describe("Where `agate accounts login` reads the signed-in account's email."),
    cloudcode_base_urls: z
      .array(httpUrl)
      .min(1)
      .default(["https://cloudcode-pa.googleapis.com"])
      .describe(
        "Cloud Code endpoints tried in order for cloudcode accounts without base_urls (next one on 404, 408, 5xx or a network error, never on 429).",
      ),
    quota_refresh_ms: z
      .number()
      .int()
      .positive()
      .default(300_000)
      .describe(
        "How often the model lists and quotas of cloudcode accounts are re-read (also after a quota error), in milliseconds.",
      ),
    accounts_reload_ms: z
      .number()
      .int()
      .nonnegative()
      .default(2_000)
      .describe(
        "How often a running gateway checks the store for accounts and model mapping changed by another process (`agate accounts ...`), in milliseconds; 0 = never (restart to see them).",
      ),
  })
  .strict()
  .superRefine((config, context) => {
    refineAccountLabels(config.accounts, context);
    refineClientKeyNames(config.api_keys, context);
    const needsOAuth = config.accounts.some((account) => account.kind === "cloudcode");
    if (needsOAuth && config.oauth_client_id === undefined) {
      context.addIssue({
        code: "custom",
        path: ["oauth_client_id"],
        message:
          "oauth_client_id: missing; cloudcode accounts need the OAuth client id (and oauth_client_secret) their refresh tokens were issued to",
      });
    }
  });

/** A label names one account (X-Account-Email, logs, `agate accounts disable <label>`): no two may share one. */
function refineAccountLabels(accounts: readonly AccountConfig[], context: z.RefinementCtx): void {
  const firstWith = new Map<string, number>();
  accounts.forEach((account, index) => {
    if (account.label === undefined) return;
    const first = firstWith.get(account.label);
    if (first === undefined) {
      firstWith.set(account.label, index);
      return;
    }
    context.addIssue({
      code: "custom",
      path: ["accounts", index, "label"],
      message: `accounts[${index}].label: ${JSON.stringify(account.label)} is already the label of accounts[${first}]; each account needs a label of its own`,
    });
  });
}

export type Config = Readonly<z.infer<typeof configSchema>>;
export type ConfigKey = keyof z.infer<typeof configSchema>;

/** Keys whose values are secrets: masked by `agate config print` and never logged. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "api_keys",
  "api_key",
  "refresh_token",
  "access_token",
  "oauth_client_secret",
  "proxy_url",
  "compaction_secret",
  "admin_key",
  "secret_key",
]);
