import { describe, expect, it } from "vitest";
import { testAccount } from "../../test/helpers/pool-fixtures.js";
import type { UpstreamClient, UpstreamModel, UpstreamModelList } from "../upstream/types.js";
import type { Account } from "./account.js";
import { ModelCatalog } from "./model-catalog.js";

const account = (id: string, kind: Account["kind"]): Account => testAccount(id, { kind });

const NOW = 1_000_000;

function setup(details: () => Promise<UpstreamModelList>) {
  const fetched: string[] = [];
  const exhausted: [string, string, number][] = [];
  const errors: string[] = [];
  const quotaClient: UpstreamClient = {
    generate: () => {
      throw new Error("unused");
    },
    listModels: async () => [],
    listModelDetails: async (target) => {
      fetched.push(target.id);
      return details();
    },
  };
  const plainClient: UpstreamClient = {
    generate: () => {
      throw new Error("unused");
    },
    listModels: async (target) => {
      fetched.push(target.id);
      return [{ id: "models/gemini-2.5-flash" }, { id: "gemini-2.5-flash-lite" }];
    },
  };
  const accounts = [account("cc", "cloudcode"), account("api", "gemini")];
  const catalog = new ModelCatalog({
    accounts: () => accounts,
    clients: { cloudcode: quotaClient, gemini: plainClient },
    now: () => NOW,
    ttlMs: 60_000,
    waitMs: 1_000,
    onError: (target, error) => errors.push(`${target.id}: ${String(error)}`),
    onExhausted: (target, model, resetAt) => exhausted.push([target.id, model, resetAt]),
  });
  return { catalog, fetched, exhausted, errors };
}

const cloudCodeList = async (): Promise<UpstreamModelList> => ({
  models: [
    { id: "gemini-2.5-pro", remainingFraction: 0, resetAt: NOW + 3_600_000 },
    { id: "gemini-3-pro-preview", remainingFraction: 0.4 },
  ],
  deprecated: { "gemini-2.5-pro-preview-06-05": "gemini-2.5-pro" },
});

describe("ModelCatalog", () => {
  it("lists the union of every account's models, without the models/ prefix", async () => {
    const { catalog } = setup(cloudCodeList);
    expect((await catalog.list()).sort()).toEqual([
      "gemini-2.5-flash",
      "gemini-2.5-flash-lite",
      "gemini-2.5-pro",
      "gemini-3-pro-preview",
    ]);
  });

  it("answers per account: served or not (unknown before the first fetch), quota, replacement", async () => {
    const { catalog } = setup(cloudCodeList);
    expect(catalog.serves("cc", "gemini-2.5-pro")).toBeUndefined();
    await catalog.refreshQuotaAccounts();
    expect(catalog.serves("cc", "gemini-2.5-pro")).toBe(true);
    expect(catalog.serves("cc", "models/gemini-3-pro-preview")).toBe(true);
    expect(catalog.serves("cc", "gemini-2.5-flash")).toBe(false);
    expect(catalog.serves("cc", "gemini-2.5-pro-preview-06-05")).toBe(true);
    expect(catalog.replacement("cc", "gemini-2.5-pro-preview-06-05")).toBe("gemini-2.5-pro");
    expect(catalog.replacement("cc", "gemini-2.5-pro")).toBeUndefined();
    expect(catalog.remainingFraction("cc", "gemini-3-pro-preview")).toBe(0.4);
    expect(catalog.serves("api", "gemini-2.5-flash")).toBeUndefined();
  });

  it("only quota-reporting accounts are polled; a used-up quota is reported with its reset time", async () => {
    const { catalog, fetched, exhausted } = setup(cloudCodeList);
    await catalog.refreshQuotaAccounts();
    expect(fetched).toEqual(["cc"]);
    expect(exhausted).toEqual([["cc", "gemini-2.5-pro", NOW + 3_600_000]]);
  });

  it("reads a list once per ttl; invalidate reads it again", async () => {
    const { catalog, fetched } = setup(cloudCodeList);
    await catalog.refreshQuotaAccounts();
    await catalog.refreshQuotaAccounts();
    expect(fetched).toEqual(["cc"]);
    catalog.invalidate("cc");
    await catalog.refreshQuotaAccounts();
    expect(fetched).toEqual(["cc", "cc"]);
  });

  it("a failed fetch is reported and leaves the list unknown", async () => {
    const { catalog, errors } = setup(async () => {
      throw new Error("boom");
    });
    await catalog.refreshQuotaAccounts();
    expect(errors).toEqual(["cc: Error: boom"]);
    expect(catalog.serves("cc", "gemini-2.5-pro")).toBeUndefined();
  });
});

describe("whenListed: the lists a choice needs, read once", () => {
  it("reads the lists never asked for and settles when they are in; then there is nothing to wait for", async () => {
    const { catalog, fetched } = setup(cloudCodeList);
    const accounts = [account("cc", "cloudcode"), account("api", "gemini")];
    expect(catalog.serves("api", "gemini-2.5-flash")).toBeUndefined();
    await catalog.whenListed(accounts);
    expect(fetched.sort()).toEqual(["api", "cc"]);
    expect(catalog.serves("api", "gemini-2.5-flash")).toBe(true);
    expect(catalog.serves("cc", "gemini-2.5-flash")).toBe(false);
    expect(catalog.whenListed(accounts)).toBeUndefined();
    // A re-read of a known list (a quota error, the TTL) runs behind the requests.
    catalog.invalidate("cc");
    expect(catalog.whenListed(accounts)).toBeUndefined();
  });

  it("owners: Google for what a Gemini kind lists, else the OpenAI-compatible server's owned_by, else 'openai'", async () => {
    const compat: UpstreamClient = {
      generate: () => {
        throw new Error("unused");
      },
      listModels: async () => [
        { id: "gpt-5", ownedBy: "system" },
        { id: "llama3.1:8b" },
        { id: "gemini-2.5-flash", ownedBy: "someone" },
      ],
    };
    const gemini: UpstreamClient = { ...compat, listModels: async () => [{ id: "gemini-2.5-flash" }] };
    // The OpenAI-compatible account comes first: Google still owns what a Gemini account lists.
    const accounts = [account("compat", "openai"), account("api", "gemini")];
    const catalog = new ModelCatalog({
      accounts: () => accounts,
      clients: { openai: compat, gemini },
      now: () => NOW,
      ttlMs: 60_000,
      waitMs: 1_000,
      onError: () => undefined,
    });
    expect(Object.fromEntries(await catalog.owners())).toEqual({
      "gpt-5": "system",
      "llama3.1:8b": "openai",
      "gemini-2.5-flash": "google",
    });
  });

  it("a list read for longer than the wait is not waited for by later requests", async () => {
    let clock = NOW;
    const never = new Promise<UpstreamModel[]>(() => undefined);
    const slow: UpstreamClient = {
      generate: () => {
        throw new Error("unused");
      },
      listModels: () => never,
    };
    const accounts = [account("api", "gemini")];
    const catalog = new ModelCatalog({
      accounts: () => accounts,
      clients: { gemini: slow },
      now: () => clock,
      ttlMs: 60_000,
      waitMs: 5,
      onError: () => undefined,
    });
    await catalog.whenListed(accounts);
    expect(catalog.whenListed(accounts)).toBeDefined();
    clock += 5;
    expect(catalog.whenListed(accounts)).toBeUndefined();
  });

  it("a list that could not be read is not waited for again", async () => {
    const { catalog, errors } = setup(() => Promise.reject(new Error("down")));
    const accounts = [account("cc", "cloudcode")];
    await catalog.whenListed(accounts);
    expect(errors).toHaveLength(1);
    expect(catalog.serves("cc", "gemini-2.5-flash")).toBeUndefined();
    expect(catalog.whenListed(accounts)).toBeUndefined();
  });
});
