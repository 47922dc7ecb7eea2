const UNSAFE = /[^A-Za-z0-9._:/@-]/g;
const LONGEST = 64;

/**
 * Keeps a metrics label fit for Prometheus when its values come from outside (model names the upstream
 * accepted): odd characters replaced, long values cut, and at most `max` distinct values, the rest `other`.
 */
export class LabelBudget {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    const clean = raw.replace(UNSAFE, "_").slice(0, LONGEST) || "unknown";
    if (this.seen.has(clean)) return clean;
    if (this.seen.size >= this.max) return "other";
    this.seen.add(clean);
    return clean;
  }
}
