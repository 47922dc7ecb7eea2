import { hash } from "node:crypto";
import type { SqliteDatabase } from "./database.js";

/** A Response's echoed instructions and tools, as JSON. */
export interface Echo {
  instructions: string;
  tools: string;
}

/** Pairs whose id is kept in memory at most (the same strings come back every turn of an agent)... */
const MAX_IDS = 16;
/** ...and only those up to this length together (≈ 2 MB at most kept): a longer one is hashed each time. */
const MAX_KEPT_LENGTH = 128 * 1024;

/**
 * The echoed instructions and tools of stored responses, once per distinct pair (`response_echoes`): an
 * agent sends the same ≈ 20 KB every turn, and each stored response kept them in its own row. A pair's id
 * is a hash of its JSON; an echo no response names any more is deleted with the last one that did.
 */
export class ResponseEchoes {
  private readonly selectEcho;
  private readonly selectExists;
  private readonly insertEcho;
  private readonly deleteUnused;
  /** Ids by instructions, then tools: the strings an agent's turns share, so each is hashed once. */
  private readonly ids = new Map<string, Map<string, string>>();
  private idCount = 0;

  constructor(db: SqliteDatabase) {
    this.selectEcho = db.prepare<[string], Echo>(
      "SELECT instructions, tools FROM response_echoes WHERE id = ?",
    );
    this.selectExists = db.prepare<[string], number>("SELECT 1 FROM response_echoes WHERE id = ?").pluck();
    this.insertEcho = db.prepare<[string, string, string]>(
      "INSERT INTO response_echoes (id, instructions, tools) VALUES (?, ?, ?)",
    );
    this.deleteUnused = db.prepare<[string, string]>(
      `DELETE FROM response_echoes
       WHERE id = ? AND NOT EXISTS (SELECT 1 FROM responses WHERE echo_id = ?)`,
    );
  }

  /** Keeps `echo` unless it is kept already; its id. In the transaction that saves the response naming it. */
  keep(echo: Echo): string {
    const id = this.idOf(echo);
    if (this.selectExists.get(id) === undefined) this.insertEcho.run(id, echo.instructions, echo.tools);
    return id;
  }

  /** Puts the echo `id` back into a Response read from the store (its keys are in place, null and empty). */
  fill(response: Record<string, unknown>, id: string): void {
    const echo = this.selectEcho.get(id);
    if (echo === undefined) return;
    response.instructions = JSON.parse(echo.instructions);
    response.tools = JSON.parse(echo.tools);
  }

  /** Deletes the echo `id` if no response names it any more. */
  dropUnused(id: string): void {
    this.deleteUnused.run(id, id);
  }

  private idOf(echo: Echo): string {
    let byTools = this.ids.get(echo.instructions);
    let id = byTools?.get(echo.tools);
    if (id !== undefined) return id;
    id = hash("sha256", `${echo.instructions}\0${echo.tools}`, "base64url").slice(0, 22);
    if (echo.instructions.length + echo.tools.length > MAX_KEPT_LENGTH) return id;
    if (this.idCount >= MAX_IDS) {
      this.ids.clear();
      this.idCount = 0;
      byTools = undefined;
    }
    if (byTools === undefined) {
      byTools = new Map();
      this.ids.set(echo.instructions, byTools);
    }
    byTools.set(echo.tools, id);
    this.idCount++;
    return id;
  }
}
