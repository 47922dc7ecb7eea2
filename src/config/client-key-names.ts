import { z } from "zod";
import { type ClientKeyEntry, clientKeyOf } from "./client-keys.js";

/** An api_keys entry with the name the request log and logs give it (a plain string entry gets key-…). */
export const namedClientKeySchema = z
  .object({
    key: z.string().min(1).describe("The client key."),
    name: z
      .string()
      .min(1)
      .optional()
      .describe(
        "What the request log and logs call the key: letters, digits, `.`, `_`, `@`, `-`; 64 at most.",
      ),
  })
  .strict();

const CLIENT_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * A client key's name stands for it in the request log and logs: one per key, plain characters, never
 * `key-…` (the form of the names agate makes) and never a key (its own or another). The messages never
 * show a key.
 */
export function refineClientKeyNames(entries: readonly ClientKeyEntry[], context: z.RefinementCtx): void {
  const clientKeys = entries.map(clientKeyOf);
  const keys = new Set(clientKeys.map((entry) => entry.key));
  const firstWith = new Map<string, number>();
  clientKeys.forEach(({ name }, index) => {
    if (name === undefined) return;
    const problem = clientKeyNameProblem(name, keys, firstWith.get(name));
    if (problem === undefined) firstWith.set(name, index);
    else
      context.addIssue({
        code: "custom",
        path: ["api_keys", index, "name"],
        message: `api_keys[${index}].name: ${problem}`,
      });
  });
}

function clientKeyNameProblem(
  name: string,
  keys: ReadonlySet<string>,
  takenBy: number | undefined,
): string | undefined {
  if (keys.has(name)) return "is one of the keys; a name is shown in logs, so choose another";
  if (!CLIENT_KEY_NAME.test(name))
    return "expected 1 to 64 letters, digits, '.', '_', '@' or '-' (starting with a letter or digit)";
  if (name.startsWith("key-"))
    return "names starting with 'key-' are those agate gives keys without a name; choose another";
  if (takenBy !== undefined)
    return `${JSON.stringify(name)} is already the name of api_keys[${takenBy}]; each key needs a name of its own`;
  return undefined;
}
