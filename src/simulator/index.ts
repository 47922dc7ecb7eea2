/** The built-in upstream look-alike (Gemini API, Cloud Code v1internal, Google OAuth) for tests, benchmarks and `agate demo`. */

export * from "./faults.js";
export * as faults from "./faults.js";
export { defaultModels } from "./models.js";
export type {
  SimCode,
  SimErrorResponse,
  SimFault,
  SimFunctionCall,
  SimMatch,
  SimOperation,
  SimReply,
  SimResponse,
  SimRule,
} from "./script-types.js";
export { skipSignatureSentinel } from "./signatures.js";
export { startSimulator } from "./simulator.js";
export type {
  RecordedRequest,
  RefreshTokenOptions,
  RequestKind,
  SimModel,
  Simulator,
  SimulatorOptions,
} from "./simulator-types.js";
export type {
  Candidate,
  CodeAssistRequest,
  Content,
  GenerateContentRequest,
  GenerateContentResponse,
  GoogleErrorBody,
  Part,
  UsageMetadata,
} from "./types.js";
