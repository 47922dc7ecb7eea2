import type { CooldownRecord } from "../store/cooldowns-repository.js";

/**
 * A change to the pool's in-memory state that the other processes serving the same store must see at once
 * (cluster workers): the store has it too, but they read the store only when they start.
 */
export type PoolStateChange =
  | { kind: "cooldown"; record: CooldownRecord }
  | { kind: "cooldown-cleared"; accountId: string; model?: string }
  | { kind: "session"; sessionKey: string; accountId: string }
  | { kind: "account-disabled"; accountId: string; reason: string };

/** Where a change made here is sent (to the other workers); absent in a single process. */
export type PublishStateChange = (change: PoolStateChange) => void;
