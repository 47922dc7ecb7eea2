import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { DEFAULT_MODEL_ALIASES } from "../../src/routing/aliases.js";
import { testGateway } from "../helpers/gateway.js";
import { expectOpenAIError } from "./support.js";

interface ModelObject {
  id: string;
  object: string;
  created: number;
  owned_by: string;
}

interface ModelList {
  object: string;
  data: ModelObject[];
}

const MODEL_MAPPING = {
  "my-fast": "gemini-2.5-flash",
  "team/coder": "gemini-2.5-pro",
  "gpt-4o": "gemini-2.5-pro",
  "claude-*": "gemini-2.5-pro",
  "*-mini-custom": "gemini-2.5-flash-lite",
};

const EXACT_ALIAS_KEYS = Object.keys(DEFAULT_MODEL_ALIASES).filter((key) => !key.includes("*"));

describe("GET /v1/models with no accounts", () => {
  let gateway: Gateway;
  let list: ModelList;
  let raw: string;
  beforeAll(async () => {
    gateway = await testGateway({ model_mapping: MODEL_MAPPING });
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models" });
    expect(response.statusCode).toBe(200);
    raw = response.body;
    list = JSON.parse(raw) as ModelList;
  });
  afterAll(async () => {
    await gateway.close();
  });

  const ids = () => list.data.map((model) => model.id);

  it('is {"object":"list","data":[...]}', () => {
    expect(Object.keys(list).sort()).toEqual(["data", "object"]);
    expect(list.object).toBe("list");
    expect(Array.isArray(list.data)).toBe(true);
  });

  it("is sorted", () => {
    expect(ids()).toEqual([...ids()].sort());
  });

  it("has no duplicates (a mapping key equal to an alias appears once)", () => {
    expect(new Set(ids()).size).toBe(ids().length);
    expect(ids().filter((id) => id === "gpt-4o")).toHaveLength(1);
  });

  it("has no wildcard anywhere", () => {
    expect(raw).not.toContain("*");
  });

  it.each(EXACT_ALIAS_KEYS)("contains the built-in alias %s", (alias) => {
    expect(ids()).toContain(alias);
  });

  it.each(["my-fast", "team/coder", "gpt-4o"])("contains the exact model_mapping key %s", (key) => {
    expect(ids()).toContain(key);
  });

  it("contains exactly the exact names when no account serves anything", () => {
    const expected = new Set([...EXACT_ALIAS_KEYS, "my-fast", "team/coder", "gpt-4o"]);
    expect(new Set(ids())).toEqual(expected);
  });

  it("does not list mapping targets as client names", () => {
    expect(ids()).not.toContain("gemini-2.5-pro");
  });

  it("each item has exactly id/object/created/owned_by", () => {
    for (const model of list.data) {
      expect(Object.keys(model).sort()).toEqual(["created", "id", "object", "owned_by"]);
      expect(model.object).toBe("model");
      expect(model.id).toBeTypeOf("string");
      expect(Number.isInteger(model.created)).toBe(true);
      expect(model.created).toBeGreaterThan(0);
      expect(model.owned_by).toBeTypeOf("string");
      expect(model.owned_by.length).toBeGreaterThan(0);
    }
  });

  it("GET /v1/models/gpt-4o → that model object", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models/gpt-4o" });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual(list.data.find((model) => model.id === "gpt-4o"));
  });

  it("GET /v1/models/{id} works for an id with a slash (URL-encoded)", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models/team%2Fcoder" });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).id).toBe("team/coder");
  });

  it("GET /v1/models/{id} works for an id with a slash sent as is (openai-node 4, curl)", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models/team/coder" });
    expect(response.statusCode, response.body).toBe(200);
    expect(JSON.parse(response.body).id).toBe("team/coder");
  });

  it("GET /v1/models/models%2F{id} (Google's resource name, which requests accept) → that model, as asked", async () => {
    for (const url of ["/v1/models/models%2Fgpt-4o", "/v1/models/models/gpt-4o"]) {
      const response = await gateway.app.inject({ method: "GET", url });
      expect(response.statusCode, response.body).toBe(200);
      expect(JSON.parse(response.body)).toEqual({
        ...list.data.find((model) => model.id === "gpt-4o"),
        id: "models/gpt-4o",
      });
    }
    const unknown = await gateway.app.inject({ method: "GET", url: "/v1/models/models%2Fnope" });
    expectOpenAIError(unknown, 404, { code: "model_not_found" });
  });

  it("GET /v1/models/nope → 404 in the OpenAI shape", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models/nope" });
    const error = expectOpenAIError(response, 404, {
      code: "model_not_found",
      type: "invalid_request_error",
    });
    expect(error.message).toContain("nope");
  });

  it("GET /v1/models/{a wildcard key} → 404 (never a wildcard)", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models/claude-*" });
    expectOpenAIError(response, 404, { code: "model_not_found" });
  });
});

describe("model_aliases override", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ model_aliases: { "house-model": "gemini-2.5-flash", "h-*": "x" } });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("lists the configured aliases instead of the built-in ones", async () => {
    const response = await gateway.app.inject({ method: "GET", url: "/v1/models" });
    const list = JSON.parse(response.body) as ModelList;
    expect(list.data.map((model) => model.id)).toEqual(["house-model"]);
  });
});

describe("GET /healthz", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('→ 200 {"status":"ok","version":<semver from package.json>}', async () => {
    const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const response = await gateway.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers["content-type"])).toMatch(/^application\/json/);
    const body: unknown = JSON.parse(response.body);
    expect(body).toEqual({ status: "ok", version: packageJson.version });
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/);
  });
});
