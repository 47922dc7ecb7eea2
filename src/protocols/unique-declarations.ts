import { invalidRequest } from "../errors.js";
import type { ToolDeclaration } from "../hub/types.js";

/**
 * The declarations with one of each name, as Gemini wants them (it refuses a request with "Duplicate function
 * declaration found", naming no field): a tool declared twice alike — Open WebUI can send one tool twice — is
 * kept once, where OpenAI takes the pair; two different tools of one name are a 400 naming the second, as
 * nobody could tell the model's calls to them apart. `paramOf(i)`: the field of the i-th declaration's name.
 */
export function uniqueDeclarations(
  declarations: ToolDeclaration[],
  paramOf: (index: number) => string,
): ToolDeclaration[] {
  if (declarations.length < 2) return declarations;
  const byName = new Map<string, ToolDeclaration>();
  let repeated = false;
  for (const [index, declaration] of declarations.entries()) {
    const first = byName.get(declaration.name);
    if (first === undefined) {
      byName.set(declaration.name, declaration);
      continue;
    }
    if (JSON.stringify(first) !== JSON.stringify(declaration)) {
      throw invalidRequest(
        `Two different tools are named '${declaration.name}': Gemini takes one function of each name, and the model's calls could not be told apart. Rename one, or send it once.`,
        paramOf(index),
      );
    }
    repeated = true;
  }
  return repeated ? [...byName.values()] : declarations;
}
