import { geminiModelResource, type ModelCatalog } from "./models.js";

const defaultPageSize = 50;
const maxPageSize = 1000;

export type ModelPage = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** GET /v1beta/models with real pagination: an opaque nextPageToken, absent on the last page. */
export function listModelsPage(catalog: ModelCatalog, query: URLSearchParams): ModelPage {
  const size = pageSize(query.get("pageSize"));
  const offset = pageOffset(query.get("pageToken"));
  if (offset === undefined || offset > catalog.all.length) {
    return { ok: false, message: "Invalid page token." };
  }
  const end = offset + size;
  const models = catalog.all.slice(offset, end).map(geminiModelResource);
  return {
    ok: true,
    body: end < catalog.all.length ? { models, nextPageToken: encodePageToken(end) } : { models },
  };
}

function pageSize(raw: string | null): number {
  const parsed = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(parsed) || parsed <= 0) return defaultPageSize;
  return Math.min(parsed, maxPageSize);
}

function pageOffset(token: string | null): number | undefined {
  if (token === null || token === "") return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, "base64url").toString("utf8"));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, "utf8").toString("base64url");
}
