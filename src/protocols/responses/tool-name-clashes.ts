import { invalidRequest } from "../../errors.js";

/**
 * The function names a request's tools give Gemini, each with the tool that gave it. Gemini refuses two
 * function declarations of one name with a 400 that names no param, and agate would not know which call
 * was which kind of tool; so the second tool to give a name is refused here, named. One rule for every
 * kind: two function tools, a built-in tool (local_shell, shell, apply_patch: a function of its type's
 * name) and a function or custom tool of that name, a namespace member (flattened to namespace__name)
 * and a tool of the flattened name.
 */
export class ToolNames {
  private readonly origins = new Map<string, { origin: string; sameAs?: string }>();

  /**
   * Records `name` as given by the tool at `origin` (e.g. `tools[2]`); a 400 naming `param` if taken. `sameAs`:
   * for a plain function tool, its declaration as JSON — the same function tool sent twice alike is taken
   * once (false: a repeat, to leave out), as chat does (unique-declarations.ts) and OpenAI allows.
   */
  claim(name: string, origin: string, param: string, sameAs?: string): boolean {
    const first = this.origins.get(name);
    if (first === undefined) {
      this.origins.set(name, sameAs === undefined ? { origin } : { origin, sameAs });
      return true;
    }
    if (sameAs !== undefined && first.sameAs === sameAs) return false;
    throw invalidRequest(
      `Tool names clash: ${origin} gives Gemini a function named '${name}', as ${first.origin} does, and Gemini refuses ` +
        "two functions of one name. (The built-in local_shell, shell and apply_patch tools are functions " +
        "named as their type; a namespace's tools are named namespace__tool.) Rename one, or declare only one.",
      param,
    );
  }
}
