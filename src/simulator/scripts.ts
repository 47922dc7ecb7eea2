import { bareModelId } from "./models.js";
import type { Operation } from "./route-table.js";
import type { SimMatch, SimRule } from "./script-types.js";
import type { RequestKind } from "./simulator-types.js";

/** What a rule's `match` is compared against. */
export interface RuleContext {
  kind: RequestKind;
  operation: Operation;
  model?: string;
  apiKey?: string;
  accessToken?: string;
  stream: boolean;
}

interface QueuedRule {
  rule: SimRule;
  remaining: number;
}

/** Scripted rules in arrival order; the first one that matches is used and consumed. */
export class RuleQueue {
  private queue: QueuedRule[] = [];

  add(rule: SimRule): void {
    const always = rule.forever === true || rule.times === 0;
    const remaining = always ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(rule.times ?? 1));
    this.queue.push({ rule, remaining });
  }

  take(context: RuleContext): SimRule | undefined {
    const index = this.queue.findIndex((queued) => matches(queued.rule.match ?? {}, context));
    const queued = this.queue[index];
    if (queued === undefined) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    return queued.rule;
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}

export function matches(match: SimMatch, context: RuleContext): boolean {
  if (match.operation === undefined) {
    if (context.operation !== "generateContent" && context.operation !== "streamGenerateContent")
      return false;
  } else if (match.operation !== context.operation) {
    return false;
  }
  if (match.kind !== undefined && match.kind !== context.kind) return false;
  if (match.model !== undefined && bareModelId(match.model) !== context.model) return false;
  if (match.apiKey !== undefined && match.apiKey !== context.apiKey) return false;
  if (match.accessToken !== undefined && match.accessToken !== context.accessToken) return false;
  if (match.stream !== undefined && match.stream !== context.stream) return false;
  return true;
}
