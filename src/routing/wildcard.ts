/** `*` matches any run of characters (also none); everything else is literal and case-sensitive. */

export interface WildcardRule {
  pattern: string;
  target: string;
  literalCount: number;
  regex: RegExp;
}

export const isWildcard = (pattern: string): boolean => pattern.includes("*");

const escapeRegex = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

export function compileWildcard(pattern: string, target: string): WildcardRule {
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegex).join(".*")}$`, "s");
  return { pattern, target, literalCount: pattern.replaceAll("*", "").length, regex };
}

/** Most literal characters first, then the longer pattern, then alphabetical: always one order. */
export function compareSpecificity(a: WildcardRule, b: WildcardRule): number {
  if (a.literalCount !== b.literalCount) return b.literalCount - a.literalCount;
  if (a.pattern.length !== b.pattern.length) return b.pattern.length - a.pattern.length;
  return a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0;
}
