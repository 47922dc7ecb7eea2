import type { UpstreamModel, UpstreamModelList } from "../types.js";
import type { AvailableModelsResponse } from "./wire-types.js";

/** fetchAvailableModels → the account's models with quota, and deprecated ids with their replacements. Pure. */
export function decodeAvailableModels(body: AvailableModelsResponse): UpstreamModelList {
  const models: UpstreamModel[] = [];
  for (const [id, info] of Object.entries(body.models ?? {})) {
    const model: UpstreamModel = { id };
    const fraction = info.quotaInfo?.remainingFraction;
    if (typeof fraction === "number" && Number.isFinite(fraction)) model.remainingFraction = clamp(fraction);
    const resetAt = Date.parse(info.quotaInfo?.resetTime ?? "");
    if (!Number.isNaN(resetAt)) model.resetAt = resetAt;
    models.push(model);
  }
  const deprecated: Record<string, string> = {};
  for (const [old, replacement] of Object.entries(body.deprecatedModelIds ?? {})) {
    if (typeof replacement.newModelId === "string" && replacement.newModelId !== "") {
      deprecated[old] = replacement.newModelId;
    }
  }
  return { models, deprecated };
}

const clamp = (fraction: number): number => Math.min(1, Math.max(0, fraction));
