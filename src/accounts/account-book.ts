import type { AccountConfig } from "../config/schema.js";
import type { Account } from "../pool/account.js";
import { accountFromConfig } from "../pool/accounts-from-config.js";
import type { AccountsRepository } from "../store/accounts-repository.js";
import {
  accountDeclared,
  accountExists,
  accountNotFound,
  ambiguousAccount,
  labelInUse,
} from "./account-errors.js";

export type MergeOutcome = "added" | "updated" | "skipped";

export interface MergeResult {
  outcome: MergeOutcome;
  account: Account;
  /** Set when the label the incoming account asked for names another account, and what it got instead. */
  note?: string;
}

/**
 * An account met again by an import or a sign-in. Without `enabled` when its source says nothing of being
 * on or off (a Gemini CLI file): a new one comes in on, one already there keeps its state.
 */
export type IncomingAccount = Omit<Account, "enabled"> & { enabled?: boolean };

/** The account as a source that says nothing of being on or off gives it. */
export function withoutOnOff(account: Account): IncomingAccount {
  const { enabled: _unsaid, ...rest } = account;
  return rest;
}

/** What turns an account off by hand, as its listing shows it. */
export const OPERATOR_REASON = "turned off by its owner";

/**
 * The accounts as a user manages them — the CLI and the admin API share it: the stored ones plus those the
 * config file declares (which `agate serve` syncs into the store). Every change goes to the store at once
 * and then to `onChange` (the running gateway re-reads its list).
 */
export class AccountBook {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly declared: readonly AccountConfig[],
    private readonly onChange: () => void = () => {},
  ) {}

  /** Stored accounts in the order they came, then declared ones no gateway has synced yet. */
  list(): Account[] {
    const stored = this.repository.list();
    const known = new Set(stored.map((account) => account.id));
    const pending = this.declared.map(accountFromConfig).filter((account) => !known.has(account.id));
    return [...stored, ...pending];
  }

  /** By exact id, else exact label or email (when one account has it), else a unique start of an id. */
  resolve(reference: string): Account {
    const accounts = this.list();
    const exact = accounts.find((account) => account.id === reference);
    if (exact !== undefined) return exact;
    for (const named of [
      accounts.filter((account) => account.label === reference),
      accounts.filter((account) => account.email === reference),
      accounts.filter((account) => account.id.startsWith(reference)),
    ]) {
      if (named.length === 1 && named[0] !== undefined) return named[0];
      if (named.length > 1)
        throw ambiguousAccount(
          reference,
          named.map((account) => account.id),
        );
    }
    throw accountNotFound(reference);
  }

  /**
   * Adds a new account; the same secret (or, for cloudcode, the same Google email) already there is an error,
   * and so is a label another account has.
   */
  add(account: Account): Account {
    const twin = this.twinOf(account);
    if (twin !== undefined) {
      const how = twin.id === account.id ? "" : ` with the same Google account (${account.email ?? ""})`;
      throw accountExists(twin.id, twin.label, how);
    }
    const holder = this.labelHolder(account.label, account.id);
    if (holder !== undefined) throw labelInUse(account.label, holder.id);
    this.repository.upsert(account);
    this.onChange();
    return account;
  }

  /**
   * Adds the account, or updates the one it already is (same secret, or same Google email with a newer
   * token): its secret, settings, label and (when the incoming account says it) on/off flag are replaced and
   * a revoked token's reason is cleared. Unchanged → skipped. For imports and sign-in, where meeting an account again is expected. A label that names
   * another account is not taken: a new account is labelled with its id, an updated one keeps its label,
   * and `note` says so (an import goes on where `add` would refuse).
   */
  merge(incoming: IncomingAccount): MergeResult {
    const twin = this.twinOf(incoming);
    if (twin === undefined) {
      const holder = this.labelHolder(incoming.label, incoming.id);
      const enabled = incoming.enabled ?? true;
      const account = { ...incoming, enabled, ...(holder === undefined ? {} : { label: incoming.id }) };
      this.repository.upsert(account);
      if (account.disabledReason !== undefined)
        this.repository.setDisabledReason(account.id, account.disabledReason);
      this.onChange();
      if (holder === undefined) return { outcome: "added", account };
      const note = `the label '${incoming.label}' already names ${holder.id}, so it is labelled ${account.id}`;
      return { outcome: "added", account, note };
    }
    // What the incoming account says wins; what it does not say (a discovered project, a label typed
    // earlier where it has only its id, whether it is on) stays.
    const wanted = incoming.label === incoming.id ? twin.label : incoming.label;
    const holder = this.labelHolder(wanted, twin.id);
    const merged: Account = {
      ...twin,
      ...incoming,
      enabled: incoming.enabled ?? twin.enabled,
      id: twin.id,
      source: twin.source,
      label: holder === undefined ? wanted : twin.label,
    };
    delete merged.disabledReason;
    if (twin.source !== "store") {
      // The config file owns it: keep its settings, only its state is ours.
      return { outcome: "skipped", account: twin };
    }
    const tokenRenewed = secretChanged(twin, merged);
    if (!tokenRenewed && sameSettings(twin, merged)) return { outcome: "skipped", account: twin };
    this.repository.upsert(merged);
    if (tokenRenewed && twin.disabledReason !== undefined && !isOwnersReason(twin.disabledReason))
      this.repository.setDisabledReason(twin.id, undefined);
    this.onChange();
    const updated = this.repository.find(twin.id) ?? merged;
    if (holder === undefined) return { outcome: "updated", account: updated };
    const note = `the label '${wanted}' already names ${holder.id}, so it keeps '${twin.label}'`;
    return { outcome: "updated", account: updated, note };
  }

  remove(reference: string): Account {
    const account = this.resolve(reference);
    if (account.source !== "store") throw accountDeclared(account.id, account.source);
    this.repository.remove(account.id);
    this.onChange();
    return account;
  }

  /** Turns the account on, clearing why it was off (agate's reason or its owner's). */
  enable(reference: string): Account {
    return this.setEnabled(reference, true);
  }

  /** Turns the account off with a reason; for a declared account this outlives the config file's `enabled`. */
  disable(reference: string, reason?: string): Account {
    return this.setEnabled(
      reference,
      false,
      reason === undefined ? OPERATOR_REASON : `${OPERATOR_REASON}: ${reason}`,
    );
  }

  private setEnabled(reference: string, enabled: boolean, reason?: string): Account {
    const account = this.resolve(reference);
    if (this.repository.find(account.id) === undefined) this.repository.upsert(account);
    this.repository.setEnabled(account.id, enabled, reason);
    this.onChange();
    return this.repository.find(account.id) ?? account;
  }

  /** Another account (not `selfId`) that `label` names already. */
  private labelHolder(label: string, selfId: string): Account | undefined {
    return this.list().find((account) => account.id !== selfId && account.label === label);
  }

  private twinOf(account: IncomingAccount): Account | undefined {
    const accounts = this.list();
    return (
      accounts.find((candidate) => candidate.id === account.id) ??
      (account.kind === "cloudcode" && account.email !== undefined
        ? accounts.find((candidate) => candidate.kind === "cloudcode" && candidate.email === account.email)
        : undefined)
    );
  }
}

/** Turned off by its owner (`disable`, with or without a reason), not by agate. */
const isOwnersReason = (reason: string): boolean =>
  reason === OPERATOR_REASON || reason.startsWith(`${OPERATOR_REASON}: `);

function secretChanged(before: Account, after: Account): boolean {
  return JSON.stringify(before.credentials) !== JSON.stringify(after.credentials);
}

/** The fields an import or sign-in may change, compared as stored. */
function sameSettings(before: Account, after: Account): boolean {
  const pick = (account: Account) =>
    JSON.stringify([
      account.label,
      account.baseUrl,
      account.baseUrls,
      account.projectId,
      account.proxyUrl,
      account.maxConcurrent,
      account.models,
      account.email,
      account.enabled,
    ]);
  return pick(before) === pick(after);
}
