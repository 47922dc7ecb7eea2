import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { tempHome, writeFile } from "./support.js";

describe("data_dir", () => {
  it("defaults to <home>/.agate", () => {
    const home = tempHome();
    expect(loadConfig({ env: {}, homeDir: home }).data_dir).toBe(join(home, ".agate"));
  });

  it("defaults to AGATE_HOME when set", () => {
    const home = tempHome();
    expect(loadConfig({ env: { AGATE_HOME: "/srv/agate" }, homeDir: home }).data_dir).toBe("/srv/agate");
  });

  it("expands ~ in AGATE_HOME", () => {
    const home = tempHome();
    expect(loadConfig({ env: { AGATE_HOME: "~/state" }, homeDir: home }).data_dir).toBe(join(home, "state"));
  });

  it("AGATE_DATA_DIR beats AGATE_HOME", () => {
    const config = loadConfig({
      env: { AGATE_HOME: "/srv/agate", AGATE_DATA_DIR: "/var/lib/agate" },
      homeDir: tempHome(),
    });
    expect(config.data_dir).toBe("/var/lib/agate");
  });

  it("the config file's data_dir beats AGATE_HOME", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { data_dir: "/from/file" });
    expect(loadConfig({ configFile: file, env: { AGATE_HOME: "/srv/agate" }, homeDir: home }).data_dir).toBe(
      "/from/file",
    );
  });

  it("a data_dir flag beats everything", () => {
    const config = loadConfig({
      flags: { data_dir: "/flag" },
      env: { AGATE_DATA_DIR: "/env" },
      homeDir: tempHome(),
    });
    expect(config.data_dir).toBe("/flag");
  });

  it("expands a leading ~ from any source", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { data_dir: "~/from-file" });
    expect(loadConfig({ configFile: file, env: {}, homeDir: home }).data_dir).toBe(join(home, "from-file"));
    expect(loadConfig({ env: { AGATE_DATA_DIR: "~" }, homeDir: home }).data_dir).toBe(home);
    expect(loadConfig({ flags: { data_dir: "~/flag" }, env: {}, homeDir: home }).data_dir).toBe(
      join(home, "flag"),
    );
  });

  it("leaves a ~ that is not at the start alone", () => {
    expect(loadConfig({ env: { AGATE_DATA_DIR: "/srv/~agate" }, homeDir: tempHome() }).data_dir).toBe(
      "/srv/~agate",
    );
  });
});
