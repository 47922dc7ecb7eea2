import { responseNotStored } from "../errors.js";
import type { ResponsesRepository, StoredResponse } from "./responses-repository.js";

interface PendingSave {
  response: StoredResponse;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Saves of stored responses, grouped while several requests that will save are in flight (whole answers,
 * streams and WebSocket turns alike): the saves of one turn of the event loop are written in one
 * transaction at its end (a group commit). A commit costs more than the rows it writes: ≈ 85 µs per save
 * one at a time, ≈ 45 µs in groups of four or more (a micro-benchmark of the repository, WAL on a file),
 * and at c=64 grouping took /v1/responses from ≈ 2,500 to ≈ 4,000 requests/s. Alone, a request saves at
 * once: waiting for the end of the turn cost it ≈ 0.07 ms at c=1. Each promise settles once its response
 * is committed, so an answer that waits for it can be continued with previous_response_id at once. If a
 * group's transaction fails, each of its responses is saved on its own, and only those that fail again
 * reject, with an error saying the response was not kept (a full disk: answer with store false).
 */
export class ResponseSaves {
  private pending: PendingSave[] = [];
  private active = 0;

  constructor(private readonly repository: ResponsesRepository) {}

  /** A request that will save has started; `leave` when it is done, saved or not. */
  enter(): void {
    this.active++;
  }

  leave(): void {
    this.active--;
  }

  save(response: StoredResponse): Promise<void> {
    if (this.active <= 1 && this.pending.length === 0) {
      try {
        this.repository.save(response);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(responseNotStored(error));
      }
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ response, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Writes what waits now: at the end of the turn in which the first of it was saved. */
  private flush(): void {
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    try {
      this.repository.saveAll(group.map((save) => save.response));
    } catch {
      for (const save of group) this.saveAlone(save);
      return;
    }
    for (const save of group) save.resolve();
  }

  private saveAlone(save: PendingSave): void {
    try {
      this.repository.save(save.response);
      save.resolve();
    } catch (error) {
      save.reject(responseNotStored(error));
    }
  }
}
