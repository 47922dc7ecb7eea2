import type { Simulator } from "../../src/simulator/index.js";

/** The generation calls the simulator received (model listings and the like left out). */
export const generationCalls = (simulator: Simulator) =>
  simulator.requests.filter((request) => request.model !== undefined);

/** The fields of a Gemini generation body the tests read, loosely typed: each part a plain record. */
export interface GeminiBody {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  generationConfig?: Record<string, unknown>;
  toolConfig?: unknown;
  tools?: unknown;
}

/** The bodies of the generation calls the simulator received, in order. */
export const generationBodies = (simulator: Simulator): GeminiBody[] =>
  generationCalls(simulator).map((request) => request.body as GeminiBody);
