import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "../config/schema.js";
import { COMPACTION_KEY_BYTES } from "../protocols/responses/compaction-seal.js";

export const COMPACTION_KEY_FILE = "compaction.key";

/**
 * The key that seals compaction summaries, found on first use and then kept: derived from
 * `compaction_secret` when set, else read from data_dir/compaction.key, which is created (mode 0600) with a
 * random key the first time, so sealed items survive restarts. When that file cannot be read or written the
 * key lives in memory only, with a warning: compaction works, but its items die with the process.
 */
export function compactionKeySource(
  config: Pick<Config, "compaction_secret" | "data_dir">,
  warn: (message: string) => void,
): () => Buffer {
  let key: Buffer | undefined;
  return () => {
    key ??=
      config.compaction_secret === undefined
        ? persistedKey(join(config.data_dir, COMPACTION_KEY_FILE), warn)
        : derivedKey(config.compaction_secret);
    return key;
  };
}

function derivedKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "", "agate compaction key", COMPACTION_KEY_BYTES));
}

function persistedKey(path: string, warn: (message: string) => void): Buffer {
  try {
    return readKey(path) ?? createKey(path);
  } catch (error) {
    warn(
      `Cannot keep the compaction key in ${path} (${error instanceof Error ? error.message : String(error)}); ` +
        "using a key held in memory, so compaction items will not survive a restart. Fix the file or set compaction_secret.",
    );
    return randomBytes(COMPACTION_KEY_BYTES);
  }
}

/** The key in the file, undefined when there is no file; an unreadable key is an error. */
function readKey(path: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== COMPACTION_KEY_BYTES)
    throw new Error(`it does not hold a ${COMPACTION_KEY_BYTES}-byte base64 key`);
  return key;
}

/** A new random key, written only if no other process wrote one first (then that one wins). */
function createKey(path: string): Buffer {
  const key = randomBytes(COMPACTION_KEY_BYTES);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const written = readKey(path);
    if (written === undefined) throw error;
    return written;
  }
}
