/**
 * The options of an OpenAI web search that Gemini's Google Search cannot take, as one warning naming those
 * given (a domain allow-list, the user's location, the context size), or undefined when none is. The
 * Gemini API's googleSearch has a time range and nothing of these (its excludeDomains is Vertex AI's, and
 * excludes rather than allows); its retrieval location wants coordinates, where OpenAI gives a place name.
 * The search runs without them.
 */
export function unhonouredSearchOptions(given: Readonly<Record<string, unknown>>): string | undefined {
  const names = Object.entries(given)
    .filter(([, value]) => isGiven(value))
    .map(([name]) => name);
  if (names.length === 0) return undefined;
  return `web search options not honoured, the search runs without them: ${names.join(", ")} (Gemini's Google Search takes no domain list, location or context size)`;
}

/** A value that says something: not null, not empty, an object with more than its `type`. */
function isGiven(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value !== "object") return true;
  return Object.entries(value).some(([key, inner]) => key !== "type" && isGiven(inner));
}
