import type { SimModel } from "./simulator-types.js";

/** Gemini 3 (signatures on every answer, call ids, thinking levels, one candidate per call). */
export const isGemini3 = (modelId: string): boolean => modelId.startsWith("gemini-3");

/** A SimModel with every default filled in. */
export interface ResolvedModel {
  id: string;
  displayName: string;
  thinking: boolean;
  /** The thinking levels it takes; undefined: any. */
  thinkingLevels: readonly string[] | undefined;
  inputTokenLimit: number;
  outputTokenLimit: number;
  remainingFraction: number;
  resetTime: string | undefined;
}

const ALL_LEVELS = ["minimal", "low", "medium", "high"] as const;
/** Gemini 3 Pro (3.0) takes two of the four. */
const GEMINI_3_PRO_LEVELS = ["low", "high"] as const;

/**
 * What the simulator serves by default: the 2.5 and first Gemini 3 models (which tests name), and the ones
 * agate's built-in aliases go to in December 2026 (3.5 Flash, 3.1 Flash-Lite, 3.1 Pro Preview), each
 * with the thinking levels Google documents for it.
 */
export const defaultModels: readonly SimModel[] = [
  { id: "gemini-2.5-flash", displayName: "Gemini 2.5 Flash", thinking: true },
  { id: "gemini-2.5-pro", displayName: "Gemini 2.5 Pro", thinking: true },
  { id: "gemini-2.5-flash-lite", displayName: "Gemini 2.5 Flash-Lite", thinking: false },
  {
    id: "gemini-3-pro-preview",
    displayName: "Gemini 3 Pro Preview",
    thinking: true,
    thinkingLevels: GEMINI_3_PRO_LEVELS,
  },
  {
    id: "gemini-3-flash-preview",
    displayName: "Gemini 3 Flash Preview",
    thinking: true,
    thinkingLevels: ALL_LEVELS,
  },
  { id: "gemini-3.5-flash", displayName: "Gemini 3.5 Flash", thinking: true, thinkingLevels: ALL_LEVELS },
  {
    id: "gemini-3.1-flash-lite",
    displayName: "Gemini 3.1 Flash-Lite",
    thinking: true,
    thinkingLevels: ALL_LEVELS,
  },
  {
    id: "gemini-3.1-pro-preview",
    displayName: "Gemini 3.1 Pro Preview",
    thinking: true,
    thinkingLevels: ["low", "medium", "high"],
  },
];

/** Strips a leading `models/`, as Google accepts both spellings. */
export function bareModelId(id: string): string {
  return id.startsWith("models/") ? id.slice("models/".length) : id;
}

export class ModelCatalog {
  readonly all: readonly ResolvedModel[];
  private readonly byId: Map<string, ResolvedModel>;

  constructor(models: readonly SimModel[]) {
    this.all = models.map(resolveModel);
    this.byId = new Map(this.all.map((model) => [model.id, model]));
  }

  find(id: string | undefined): ResolvedModel | undefined {
    return id === undefined ? undefined : this.byId.get(bareModelId(id));
  }

  /** The model, or a stand-in with defaults so a scripted rule can still answer for an unknown id. */
  lookup(id: string): { model: ResolvedModel; known: boolean } {
    const known = this.find(id);
    return known
      ? { model: known, known: true }
      : { model: resolveModel({ id: bareModelId(id) }), known: false };
  }
}

function resolveModel(model: SimModel): ResolvedModel {
  return {
    id: model.id,
    displayName: model.displayName ?? model.id,
    thinking: model.thinking ?? false,
    thinkingLevels: model.thinkingLevels ?? unlistedLevels(model.id),
    inputTokenLimit: model.inputTokenLimit ?? 1_048_576,
    outputTokenLimit: model.outputTokenLimit ?? 65_536,
    remainingFraction: model.remainingFraction ?? 1,
    resetTime: model.resetTime,
  };
}

/** The levels of a model given (or asked for) without its own: a Gemini 3 Pro (3.0) takes its two; any other, any. */
const unlistedLevels = (id: string): readonly string[] | undefined =>
  id.startsWith("gemini-3-pro") ? GEMINI_3_PRO_LEVELS : undefined;

/** The `models/{id}` resource of GET /v1beta/models. */
export function geminiModelResource(model: ResolvedModel): Record<string, unknown> {
  return {
    name: `models/${model.id}`,
    version: "001",
    displayName: model.displayName,
    description: `${model.displayName}, served by the agate simulator`,
    inputTokenLimit: model.inputTokenLimit,
    outputTokenLimit: model.outputTokenLimit,
    supportedGenerationMethods: [
      "generateContent",
      "countTokens",
      "createCachedContent",
      "batchGenerateContent",
    ],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: model.thinking,
  };
}
