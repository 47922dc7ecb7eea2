/**
 * A function call's arguments as an object, from the JSON string OpenAI's APIs carry them in. OpenAI takes any
 * string there (an agent replays a model's malformed call as it was; an OpenAI-compatible upstream may write
 * one), Gemini and the hub only an object: a JSON object is the arguments, empty text is
 * none, other JSON (a list, a string, a number) is wrapped as `{"value": <it>}` and text that is not JSON (a
 * call cut short) as `{"raw": "<the text>"}`, so the conversation goes on and the model still sees what it sent.
 */
export function toolCallArguments(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { raw: text };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { value };
  return value as Record<string, unknown>;
}
