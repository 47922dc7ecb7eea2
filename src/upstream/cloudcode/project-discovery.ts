import type { Account } from "../../pool/account.js";
import type { DeferredWrites } from "../../store/deferred-writes.js";
import type { OAuthStateRepository } from "../../store/oauth-state-repository.js";
import { abortable, sleep as defaultSleep } from "../abortable.js";
import { UpstreamError } from "../upstream-error.js";
import {
  CLIENT_METADATA,
  type LoadCodeAssistResponse,
  type OnboardUserOperation,
  type ProjectReference,
} from "./wire-types.js";

/** Posts one Cloud Code account operation (loadCodeAssist, onboardUser) and returns its JSON answer. */
export type AccountCall = (
  account: Account,
  operation: string,
  body: unknown,
  signal: AbortSignal,
) => Promise<unknown>;

export interface ProjectDiscoveryOptions {
  call: AccountCall;
  state?: OAuthStateRepository;
  writes?: DeferredWrites;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Pauses between onboardUser polls: 100 ms doubling to 5 s, for about two minutes in all. */
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 5_000;
const MAX_POLLS = 30;
const DISCOVERY_TIMEOUT_MS = 150_000;

/**
 * The Cloud Code project of each account: the declared one, else the one found before (memory, then the
 * store), else loadCodeAssist, else onboardUser polled until done. One discovery per account at a time.
 */
export class ProjectDiscovery {
  private readonly projects = new Map<string, string>();
  private readonly running = new Map<string, Promise<string>>();

  constructor(private readonly options: ProjectDiscoveryOptions) {}

  async projectFor(account: Account, signal: AbortSignal): Promise<string> {
    if (account.projectId !== undefined) return account.projectId;
    const known = this.projects.get(account.id) ?? this.options.state?.get(account.id)?.projectId;
    if (known !== undefined) {
      this.projects.set(account.id, known);
      return known;
    }
    let running = this.running.get(account.id);
    if (running === undefined) {
      // Shared by every waiting request, so it must not stop when the first of them goes away.
      running = this.discover(account, AbortSignal.timeout(DISCOVERY_TIMEOUT_MS)).finally(() =>
        this.running.delete(account.id),
      );
      this.running.set(account.id, running);
    }
    return abortable(running, signal);
  }

  private async discover(account: Account, signal: AbortSignal): Promise<string> {
    const loaded = (await this.options.call(
      account,
      "loadCodeAssist",
      { metadata: CLIENT_METADATA },
      signal,
    )) as LoadCodeAssistResponse | undefined;
    const project =
      projectId(loaded?.cloudaicompanionProject) ?? (await this.onboard(account, loaded, signal));
    this.projects.set(account.id, project);
    const { state, writes } = this.options;
    if (state !== undefined) {
      const save = () => state.saveProject(account.id, project);
      if (writes === undefined) save();
      else writes.enqueue(save);
    }
    return project;
  }

  private async onboard(account: Account, loaded: LoadCodeAssistResponse | undefined, signal: AbortSignal) {
    const tierId =
      loaded?.allowedTiers?.find((tier) => tier.isDefault === true)?.id ?? loaded?.allowedTiers?.[0]?.id;
    const body = { tierId: tierId ?? "free-tier", metadata: CLIENT_METADATA };
    const sleep = this.options.sleep ?? defaultSleep;
    for (let poll = 0; poll < MAX_POLLS; poll++) {
      if (poll > 0) await sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** (poll - 1)), signal);
      const operation = (await this.options.call(account, "onboardUser", body, signal)) as
        | OnboardUserOperation
        | undefined;
      if (operation?.done === true) {
        const project = projectId(operation.response?.cloudaicompanionProject);
        if (project !== undefined) return project;
        break;
      }
    }
    throw new UpstreamError("Cloud Code onboarding did not give the account a project", {
      kind: "malformed",
    });
  }
}

function projectId(reference: ProjectReference | undefined): string | undefined {
  if (typeof reference === "string") return reference === "" ? undefined : reference;
  const id = reference?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}
