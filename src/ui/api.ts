/** The dashboard's calls to agate: its own data routes and the admin API, with the admin key when there is one. */

export interface Cooldown {
  model: string | null;
  until: string;
  remaining_ms: number;
  reason: string;
}

export interface Quota {
  model: string;
  remaining_fraction: number | null;
  reset_at: string | null;
}

export interface AccountSummary {
  id: string;
  label: string;
  kind: string;
  enabled: boolean;
  state: "up" | "cooling" | "disabled";
  disabled_reason: string | null;
  in_flight: number;
  cooldowns: Cooldown[];
  quota: Quota[];
  requests_today: number;
}

export interface Counts {
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  cached_tokens: number;
  total_tokens: number;
  avg_latency_ms: number;
}

export interface ConnectInfo {
  base_url: string;
  lan_urls: string[];
  lan_access: boolean;
  key_required: boolean;
  auth_mode: string;
}

export interface Overview {
  version: string;
  now: string;
  accounts: AccountSummary[];
  today: Counts;
  model_mapping: Record<string, string>;
  model_aliases: Record<string, string>;
  connect: ConnectInfo;
  log_bodies: boolean;
}

export interface RequestEntry {
  id: string;
  time: string;
  method: string;
  route: string;
  client_key: string | null;
  requested_model: string | null;
  mapped_model: string | null;
  account_id: string | null;
  account_label: string | null;
  attempts: number;
  status: number;
  error_code: string | null;
  error_type: string;
  ttfb_ms: number | null;
  total_ms: number;
  prompt_tokens: number;
  completion_tokens: number;
  stream: boolean;
}

export interface StatsRow extends Counts {
  period?: string;
  account_id?: string | null;
  account_label?: string | null;
  model?: string;
}

export interface Stats {
  from: string;
  to: string;
  data: StatsRow[];
  total: Counts;
}

export interface ModelMapping {
  model_mapping: Record<string, string>;
  config_file?: Record<string, string>;
  overrides?: Record<string, string | null>;
}

/** An answer agate refused, with its OpenAI-shaped message and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

const ADMIN_COOKIE = "agate_admin_key";

/** The admin key the sign-in page stored, sent as x-admin-key to the admin API. */
function adminKey(): string | undefined {
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === ADMIN_COOKIE) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const key = adminKey();
  if (key !== undefined) headers["x-admin-key"] = key;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json: unknown = text === "" ? {} : JSON.parse(text);
  if (!response.ok) {
    const error = (json as { error?: { message?: string; code?: string | null } }).error;
    throw new ApiError(response.status, error?.message ?? `HTTP ${response.status}`, error?.code ?? null);
  }
  return json as T;
}

export const api = {
  overview: () => call<Overview>("GET", "/admin/overview"),
  requests: (limit: number) => call<{ data: RequestEntry[] }>("GET", `/admin/requests?limit=${limit}`),
  stats: (groupBy: string, from: string) =>
    call<Stats>(
      "GET",
      `/admin/stats?from=${encodeURIComponent(from)}&group_by=${encodeURIComponent(groupBy)}`,
    ),
  enable: (id: string) => call<unknown>("POST", `/admin/accounts/${encodeURIComponent(id)}/enable`, {}),
  disable: (id: string) => call<unknown>("POST", `/admin/accounts/${encodeURIComponent(id)}/disable`, {}),
  clearCooldowns: (id: string) =>
    call<unknown>("DELETE", `/admin/accounts/${encodeURIComponent(id)}/cooldowns`),
  mapping: () => call<ModelMapping>("GET", "/admin/model-mapping"),
  patchMapping: (changes: Record<string, string | null>) =>
    call<ModelMapping>("PATCH", "/admin/model-mapping", changes),
  resetMapping: () => call<ModelMapping>("DELETE", "/admin/model-mapping"),
};
