import type { z } from "zod";
import { invalidRequest } from "../../errors.js";
import { paramPath, reportedIssue } from "../zod-issues.js";
import { ITEM_SCHEMAS, TOOL_SCHEMAS } from "./request-schema.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks each input item and tool against the schema of its own type before the whole body is parsed, so
 * a bad one is named exactly (`input[2].call_id`, `tools[0].name`) instead of "input is invalid". Returns
 * the body with the items and tools as their schemas parsed them (the whole body's schema takes them as
 * they are: checking a coding agent's hundreds of items twice cost as much again), and the "easy" forms
 * made explicit: an item with only an `id` is an item_reference.
 */
export function validateItems(body: unknown): unknown {
  if (!isObject(body)) return body;
  const input = Array.isArray(body.input) ? body.input.map(checkItem) : body.input;
  const tools = Array.isArray(body.tools) ? body.tools.map(checkTool) : body.tools;
  return input === body.input && tools === body.tools ? body : { ...body, input, tools };
}

/** An input item as the schema of its type parsed it. */
function checkItem(item: unknown, index: number): unknown {
  const param = `input[${index}]`;
  if (!isObject(item)) throw invalidRequest(`'${param}' must be an input item object.`, param);
  let normalized = item;
  if (item.type === undefined || item.type === null) {
    if (item.role === undefined && typeof item.id === "string")
      normalized = { ...item, type: "item_reference" };
  }
  const type = normalized.type ?? "message";
  // Own keys only: a type named `toString` or `constructor` must not find Object's methods.
  const schema =
    typeof type === "string" && Object.hasOwn(ITEM_SCHEMAS, type) ? ITEM_SCHEMAS[type] : undefined;
  if (schema === undefined) {
    throw invalidRequest(
      `'${param}.type': '${String(type)}' is not an input item type agate knows.`,
      `${param}.type`,
    );
  }
  return parsed(schema.safeParse(normalized), param);
}

/** A tool agate reads closely, as its schema parsed it; any other kind (built-in tools) as it came. */
function checkTool(tool: unknown, index: number): unknown {
  const param = `tools[${index}]`;
  if (!isObject(tool) || typeof tool.type !== "string" || tool.type === "") {
    throw invalidRequest(`'${param}.type' must name the kind of tool.`, `${param}.type`);
  }
  const schema = Object.hasOwn(TOOL_SCHEMAS, tool.type) ? TOOL_SCHEMAS[tool.type] : undefined;
  return schema === undefined ? tool : parsed(schema.safeParse(tool), param);
}

/** The parsed value, or a 400 naming the first issue's param. */
function parsed(result: z.ZodSafeParseResult<unknown>, base: string): unknown {
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const issue = first === undefined ? undefined : reportedIssue(first);
  const sub = issue === undefined ? "" : paramPath(issue.path);
  const param = sub === "" ? base : sub.startsWith("[") ? `${base}${sub}` : `${base}.${sub}`;
  throw invalidRequest(`'${param}': ${issue?.message ?? "invalid"}`, param, "invalid_value");
}
