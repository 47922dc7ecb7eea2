import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

function agate(args: string[], env: Record<string, string> = {}) {
  const home = tempDir("agate-cli-");
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, ...env },
    encoding: "utf8",
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, home };
}

describe("agate CLI", () => {
  it("--help lists the commands", () => {
    const { code, stdout } = agate(["--help"]);
    expect(code).toBe(0);
    for (const command of ["serve", "demo", "config", "simulator", "accounts"])
      expect(stdout).toContain(command);
  });

  it("serve with a bad value exits 2 naming the key and the source", () => {
    const { code, stderr } = agate(["serve"], { AGATE_PORT: "abc" });
    expect(code).toBe(2);
    expect(stderr).toContain("port");
    expect(stderr).toContain("AGATE_PORT");
  });

  it("serve refuses to turn auth on without api_keys", () => {
    const { code, stderr } = agate(["serve", "--port", "0"], { AGATE_ALLOW_LAN_ACCESS: "true" });
    expect(code).toBe(2);
    expect(stderr).toContain("api_keys");
  });

  it.each([
    [["serve", "--port", "99999"], "--port", "an integer from 0 to 65535"],
    [["serve", "--workers", "abc"], "--workers", "an integer from 0 (one per CPU) to 256"],
    [["demo", "--port", "-1"], "--port", "an integer from 0 to 65535"],
    [["demo", "--simulator-port", "x"], "--simulator-port", "an integer from 0 to 65535"],
    [["simulator", "--port", "8046.5"], "--port", "an integer from 0 to 65535"],
    [["accounts", "add", "gemini", "--key", "k", "--max-concurrent", "0"], "--max-concurrent", "positive"],
    [["accounts", "login", "--port", "70000"], "--port", "an integer from 0 to 65535"],
    [["accounts", "login", "--timeout", "soon"], "--timeout", "positive"],
    [["stats", "--group-by", "week"], "--group-by", "hour or day, account and model"],
    [["stats", "--from", "yesterdayish"], "--from", "ISO date"],
    [["stats", "--to", "later"], "--to", "ISO date"],
    [["stats", "--from", "1h", "--to", "2h"], "--from", "earlier than '--to'"],
  ])("%j: an invalid option value exits 2 naming the option and what is allowed", (args, option, allowed) => {
    const { code, stderr } = agate(args);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(option);
    expect(stderr).toContain(allowed);
  });

  it.each([
    [["serve", "--port"], "argument missing"],
    [["serve", "--prot", "8045"], "unknown option '--prot'"],
    [["stats", "--group-by"], "argument missing"],
    [["config", "check"], "missing required argument 'file'"],
    [["accounts", "disable"], "missing required argument"],
  ])("%j: a command line agate cannot use exits 2, as an invalid option value does", (args, said) => {
    const { code, stderr } = agate(args);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(said);
  });

  it("serve on a port already taken says which and what to do, as a cluster's worker does", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, stderr } = agate(["serve", "--port", String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `agate: 127.0.0.1:${port} is already in use (another agate?): stop it or choose another port (--port, AGATE_PORT).\n`,
      );
    } finally {
      taken.close();
    }
  });

  it("--help and --version still exit 0", () => {
    expect(agate(["serve", "--help"]).code).toBe(0);
    expect(agate(["--version"]).code).toBe(0);
  });

  it("config check: a valid file passes, an invalid one exits 2 naming the key", () => {
    const dir = tempDir("agate-check-");
    const good = join(dir, "good.json");
    const bad = join(dir, "bad.json");
    writeFileSync(good, JSON.stringify({ port: 9000, model_mapping: { "gpt-*": "gemini-2.5-pro" } }));
    writeFileSync(bad, JSON.stringify({ max_attempts: "many" }));
    expect(agate(["config", "check", good]).code).toBe(0);
    const failed = agate(["config", "check", bad]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain("max_attempts");
  });

  it("config check refuses what serve refuses: auth on without api_keys", () => {
    const dir = tempDir("agate-check-");
    const file = join(dir, "strict.json");
    writeFileSync(file, JSON.stringify({ auth_mode: "strict" }));
    const checked = agate(["config", "check", file]);
    const served = agate(["serve", "--port", "0", "--config", file]);
    expect(served.code).toBe(2);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain("api_keys");
    expect(checked.stdout).not.toContain("valid");
  });

  it("config print shows the effective config with flags > env > file, secrets masked", () => {
    const secret = "sk-very-secret-client-key-123456";
    const { code, stdout } = agate(["config", "print"], { AGATE_API_KEYS: secret, AGATE_MAX_ATTEMPTS: "5" });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { max_attempts: number; api_keys: string[] };
    expect(printed.max_attempts).toBe(5);
    expect(printed.api_keys).toHaveLength(1);
    expect(stdout).not.toContain(secret);
  });

  it("config print --keys prints the table of every key", () => {
    const { stdout } = agate(["config", "print", "--keys"]);
    expect(stdout).toContain("| `port` | `8045` | `AGATE_PORT` |");
  });
});
