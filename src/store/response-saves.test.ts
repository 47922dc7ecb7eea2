import { describe, expect, it } from "vitest";
import { ResponseSaves } from "./response-saves.js";
import type { ResponsesRepository, StoredResponse } from "./responses-repository.js";

const stored = (id: string): StoredResponse => ({
  id,
  createdAt: 1,
  previousResponseId: null,
  sessionKey: null,
  accountId: null,
  inputItems: [],
  response: { id, object: "response", output: [] },
});

/** A repository that records its writes and refuses the ids in `refused`. */
function recording(refused = new Set<string>()) {
  const groups: string[][] = [];
  const saved = new Set<string>();
  const check = (response: StoredResponse) => {
    if (refused.has(response.id)) throw new Error(`refused ${response.id}`);
  };
  const repository: Pick<ResponsesRepository, "save" | "saveAll"> = {
    save: (response) => {
      check(response);
      groups.push([response.id]);
      saved.add(response.id);
    },
    saveAll: (responses) => {
      responses.forEach(check);
      groups.push(responses.map((response) => response.id));
      for (const response of responses) saved.add(response.id);
    },
  };
  return { repository: repository as ResponsesRepository, groups, saved };
}

/** A ResponseSaves with `requests` requests in flight that will save. */
function inFlight(repository: ResponsesRepository, requests: number): ResponseSaves {
  const saves = new ResponseSaves(repository);
  for (let index = 0; index < requests; index++) saves.enter();
  return saves;
}

describe("response saves", () => {
  it("alone in flight, a request's response is written at once, before save returns", async () => {
    const { repository, groups, saved } = recording();
    const saves = inFlight(repository, 1);
    const done = saves.save(stored("resp_alone"));
    expect(saved.has("resp_alone")).toBe(true);
    await done;
    expect(groups).toEqual([["resp_alone"]]);
  });

  it("alone, a failed write is a rejected promise, not a throw", async () => {
    const { repository } = recording(new Set(["resp_bad"]));
    const saves = inFlight(repository, 1);
    await expect(saves.save(stored("resp_bad"))).rejects.toThrow("refused resp_bad");
  });

  it("a failed write says the response was not stored, why, and what to do (a full disk: store false)", async () => {
    const { repository } = recording(new Set(["resp_full", "resp_grouped"]));
    const alone = inFlight(repository, 1).save(stored("resp_full"));
    const grouped = inFlight(repository, 2).save(stored("resp_grouped"));
    for (const saving of [alone, grouped]) {
      const error: unknown = await saving.catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 500, type: "server_error", code: "response_not_stored" });
      expect((error as Error).message).toMatch(
        /^agate could not keep the response in its store \(refused resp_/,
      );
      expect((error as Error).message).toMatch(/'store: false'/);
    }
  });

  it("while others are in flight, writes the saves of one turn in one group, each settled once written", async () => {
    const { repository, groups, saved } = recording();
    const saves = inFlight(repository, 3);
    const settled: string[] = [];
    const all = ["resp_a", "resp_b", "resp_c"].map((id) =>
      saves.save(stored(id)).then(() => {
        expect(saved.has(id)).toBe(true);
        settled.push(id);
      }),
    );
    expect(groups).toEqual([]);
    await Promise.all(all);
    expect(groups).toEqual([["resp_a", "resp_b", "resp_c"]]);
    expect(settled).toEqual(["resp_a", "resp_b", "resp_c"]);
  });

  it("starts a new group in a later turn, and writes at once again when the others have left", async () => {
    const { repository, groups } = recording();
    const saves = inFlight(repository, 2);
    await saves.save(stored("resp_1"));
    await Promise.all([saves.save(stored("resp_2")), saves.save(stored("resp_3"))]);
    saves.leave();
    const alone = saves.save(stored("resp_4"));
    expect(groups.at(-1)).toEqual(["resp_4"]);
    await alone;
    expect(groups).toEqual([["resp_1"], ["resp_2", "resp_3"], ["resp_4"]]);
  });

  it("when a group fails, saves each alone: only the one that fails again is refused", async () => {
    const { repository, groups } = recording(new Set(["resp_bad"]));
    const saves = inFlight(repository, 3);
    const results = await Promise.allSettled(
      ["resp_ok1", "resp_bad", "resp_ok2"].map((id) => saves.save(stored(id))),
    );
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(groups).toEqual([["resp_ok1"], ["resp_ok2"]]);
  });
});
