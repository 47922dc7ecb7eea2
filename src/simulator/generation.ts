import { randomBytes } from "node:crypto";
import { unpairedResponseMessage } from "./call-ids.js";
import { misplacedCallMessage } from "./call-turn-order.js";
import { duplicateDeclarationMessage } from "./duplicate-declarations.js";
import { echoDraft } from "./echo-generation.js";
import { invalidArgument } from "./google-error.js";
import { isObject } from "./http-io.js";
import type { ResolvedModel } from "./models.js";
import { isGemini3 } from "./models.js";
import type { Payload } from "./payload.js";
import { toResponse, toStreamChunks } from "./reply-builder.js";
import type { SimReply } from "./script-types.js";
import { scriptedDraft } from "./scripted-generation.js";
import { searchBesideFunctionsRefusal } from "./search-beside-functions.js";
import {
  findUnsignedCall,
  findUnsignedCode,
  missingCodeSignatureMessage,
  missingSignatureMessage,
  type SignatureBook,
} from "./signatures.js";
import { thinkingRefusal } from "./thinking.js";
import type { GenerateContentRequest, GenerateContentResponse, GoogleErrorBody } from "./types.js";

export interface GenerationTarget {
  model: ResolvedModel;
  request: GenerateContentRequest;
  stream: boolean;
  /** Cloud Code wraps every response (and every stream chunk) as `{response, traceId}`. */
  envelope: "none" | "cloudcode";
}

/** The payload of a generate call: the scripted reply if any, else the echo. */
export function generationPayload(
  signatures: SignatureBook,
  target: GenerationTarget,
  reply: SimReply | undefined,
): Payload {
  const draft =
    reply === undefined
      ? echoDraft(target.model, target.request, signatures)
      : scriptedDraft(target.model, target.request, reply, signatures);
  const wrap = envelopeWrapper(target.envelope);
  const responses = target.stream ? toStreamChunks(draft) : [toResponse(draft)];
  return {
    stream: target.stream,
    events: responses.map(wrap),
    lineEnding: target.envelope === "cloudcode" ? "\n" : "\r\n",
  };
}

function envelopeWrapper(
  envelope: GenerationTarget["envelope"],
): (response: GenerateContentResponse) => unknown {
  if (envelope === "none") return (response) => response;
  const traceId = randomBytes(8).toString("hex");
  return (response) => ({ response, traceId });
}

/** The families Google serves without thinking (2.0's experimental thinking models aside). */
const NOT_THINKING = /^(gemini-(1\.0|1\.5|2\.0)-(?!.*thinking)|gemma-)/;
/** The families without presence and frequency penalties (a zero passes: it changes nothing). */
const NO_PENALTIES = /^gemini-(2\.5|3)/;

/**
 * What Gemini refuses before generating, beyond the request's structure: a thinking config for a model that
 * cannot think, or one outside what the model takes (thinking.ts); a non-zero penalty on 2.5 and 3; more
 * than one candidate on 3; before Gemini 3, tools beside a JSON response (`responseMimeType:
 * application/json`); a built-in tool (Google Search, code execution) beside function declarations where
 * the model or the request does not allow it (search-beside-functions.ts); on Gemini 3, a history whose
 * function calls or code lost their thought signatures; on any model, a function response whose id no call
 * before it has, a function call that does not follow a user turn, and a function name declared twice
 * (duplicate-declarations.ts).
 */
export function refusalOf(
  model: ResolvedModel,
  request: GenerateContentRequest,
  signatures: SignatureBook,
): GoogleErrorBody | undefined {
  const config = request.generationConfig;
  if (config?.thinkingConfig !== undefined && NOT_THINKING.test(model.id)) {
    return invalidArgument("thinking_config is not supported.");
  }
  const thinking =
    config?.thinkingConfig === undefined ? undefined : thinkingRefusal(model, config.thinkingConfig);
  if (thinking !== undefined) return thinking;
  const penalised = (config?.presencePenalty ?? 0) !== 0 || (config?.frequencyPenalty ?? 0) !== 0;
  if (penalised && NO_PENALTIES.test(model.id)) {
    return invalidArgument(`Penalty is not enabled for models/${model.id}`);
  }
  if ((config?.candidateCount ?? 1) > 1 && isGemini3(model.id)) {
    return invalidArgument("Multiple candidates is not enabled for this model");
  }
  const unpaired = unpairedResponseMessage(request) ?? misplacedCallMessage(request);
  if (unpaired !== undefined) return invalidArgument(unpaired);
  const duplicate = duplicateDeclarationMessage(request);
  if (duplicate !== undefined) return invalidArgument(duplicate);
  const searchBeside = searchBesideFunctionsRefusal(model.id, request);
  if (searchBeside !== undefined) return invalidArgument(searchBeside);
  if (!isGemini3(model.id)) return toolsWithJsonError(request);
  const unsigned = findUnsignedCall(request, signatures);
  if (unsigned !== undefined) return invalidArgument(missingSignatureMessage(unsigned));
  const unsignedCode = findUnsignedCode(request, signatures);
  return unsignedCode === undefined ? undefined : invalidArgument(missingCodeSignatureMessage(unsignedCode));
}

function toolsWithJsonError(request: GenerateContentRequest): GoogleErrorBody | undefined {
  if (request.generationConfig?.responseMimeType !== "application/json") return undefined;
  const tools = request.tools ?? [];
  if (tools.length === 0) return undefined;
  const calling = tools.some((tool) => isObject(tool) && tool.functionDeclarations !== undefined);
  return invalidArgument(
    `${calling ? "Function calling" : "Tool use"} with a response mime type: 'application/json' is unsupported`,
  );
}
