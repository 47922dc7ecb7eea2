import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigFile } from "../../src/config/check-file.js";
import { tempHome, writeFile } from "./support.js";

describe("checkConfigFile", () => {
  it("accepts a valid file", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { port: 9000, accounts: [{ kind: "gemini", api_key: "k" }] });
    expect(checkConfigFile(file, home)).toEqual({ ok: true });
  });

  it("accepts an empty object, defaults applied", () => {
    const home = tempHome();
    expect(checkConfigFile(writeFile(home, "c.json", {}), home)).toEqual({ ok: true });
  });

  it("reports a bad value", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { port: "x" });
    const result = checkConfigFile(file, home);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.message).toContain(`port: expected an integer from 0 to 65535, got "x" (from ${file})`);
  });

  it("reports an unknown key", () => {
    const home = tempHome();
    const result = checkConfigFile(writeFile(home, "c.json", { colour: "blue" }), home);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('unknown key "colour"') });
  });

  it("reports invalid JSON", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", "{");
    expect(checkConfigFile(file, home)).toMatchObject({ ok: false, message: expect.stringContaining(file) });
  });

  it.each([
    [{ auth_mode: "strict" }, "auth is 'strict'"],
    [{ allow_lan_access: true }, "auth_mode auto turns auth on"],
  ])("reports %j without api_keys, as start-up does", (content, why) => {
    const home = tempHome();
    const result = checkConfigFile(writeFile(home, "c.json", content), home);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining("api_keys: ") });
    if (!result.ok) expect(result.message).toContain(why);
  });

  it("accepts auth with api_keys", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { auth_mode: "strict", api_keys: ["client-key"] });
    expect(checkConfigFile(file, home)).toEqual({ ok: true });
  });

  it("reports a missing file", () => {
    const home = tempHome();
    const file = join(home, "absent.json");
    expect(checkConfigFile(file, home)).toEqual({ ok: false, message: `Config file not found: ${file}` });
  });
});
