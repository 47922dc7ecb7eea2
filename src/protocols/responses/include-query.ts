import { invalidRequest } from "../../errors.js";

/** What OpenAI's `include` takes (the SDK's ResponseIncludable), in the order its 400 lists them. */
const INCLUDABLE = [
  "file_search_call.results",
  "web_search_call.results",
  "web_search_call.action.sources",
  "message.input_image.image_url",
  "computer_call_output.output.image_url",
  "code_interpreter_call.outputs",
  "reasoning.encrypted_content",
  "message.output_text.logprobs",
] as const;

export type Includable = (typeof INCLUDABLE)[number];

const INDEXED = /^include\[(\d+)\]$/;

/**
 * The `include` of `GET /v1/responses/{id}` and of its input_items, from the query as fastify parsed it (a
 * name given twice is an array): `include[]=` as the openai npm SDK sends it, `include=` once or repeated
 * (the Python SDK's), `include[0]=` (qs indices). A value OpenAI does not take is the 400 OpenAI gives for one
 * in a create request's include, naming its place; other names in the query are not looked at.
 */
export function includeOfQuery(query: Readonly<Record<string, unknown>>): Set<Includable> {
  const values: unknown[] = [...valuesOf(query.include), ...valuesOf(query["include[]"])];
  const indexed = Object.keys(query).flatMap((name) => {
    const index = INDEXED.exec(name)?.[1];
    return index === undefined ? [] : [{ index: Number(index), value: query[name] }];
  });
  for (const { value } of indexed.sort((a, b) => a.index - b.index)) values.push(...valuesOf(value));
  const include = new Set<Includable>();
  for (const [index, value] of values.entries()) {
    if (!isIncludable(value)) throw unknownValue(value, index);
    include.add(value);
  }
  return include;
}

const valuesOf = (given: unknown): unknown[] =>
  given === undefined ? [] : Array.isArray(given) ? given : [given];

const isIncludable = (value: unknown): value is Includable =>
  typeof value === "string" && (INCLUDABLE as readonly string[]).includes(value);

function unknownValue(value: unknown, index: number) {
  const listed = INCLUDABLE.map((name) => `'${name}'`);
  const supported = `${listed.slice(0, -1).join(", ")}, and ${listed.at(-1)}`;
  return invalidRequest(
    `Invalid value: '${String(value)}'. Supported values are: ${supported}.`,
    `include[${index}]`,
    "invalid_value",
  );
}
