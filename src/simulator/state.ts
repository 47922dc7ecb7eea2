import { defaultModels, ModelCatalog } from "./models.js";
import { TokenRegistry } from "./oauth-tokens.js";
import { RuleQueue } from "./scripts.js";
import { SignatureBook } from "./signatures.js";
import type { RecordedRequest, SimulatorOptions } from "./simulator-types.js";
import { Waits } from "./waits.js";

/** Everything one simulator instance remembers, shared by its routes. */
export class SimulatorState {
  readonly models: ModelCatalog;
  readonly rules = new RuleQueue();
  readonly requests: RecordedRequest[] = [];
  readonly tokens = new TokenRegistry();
  readonly signatures = new SignatureBook();
  readonly waits = new Waits();
  private readonly recording: boolean;
  private readonly maxRecorded: number;

  constructor(options: SimulatorOptions) {
    this.models = new ModelCatalog(options.models ?? defaultModels);
    this.recording = options.recordRequests ?? true;
    this.maxRecorded = Math.max(1, options.maxRecordedRequests ?? 10_000);
  }

  record(request: RecordedRequest): void {
    if (!this.recording) return;
    this.requests.push(request);
    // Trim in batches so a long run does not pay for a splice on every request.
    if (this.requests.length > this.maxRecorded + Math.ceil(this.maxRecorded / 10)) {
      this.requests.splice(0, this.requests.length - this.maxRecorded);
    }
  }

  reset(): void {
    this.rules.clear();
    this.requests.length = 0;
    this.tokens.clearIssued();
    this.signatures.clear();
  }
}
