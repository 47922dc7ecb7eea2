import { invalidRequest } from "../../errors.js";
import { paramPath } from "../zod-issues.js";
import { ITEM_SCHEMAS, TOOL_SCHEMAS } from "./request-schema.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks each input item and tool against the schema of its own type before the whole body is parsed, so
 * a bad one is named exactly (`input[2].call_id`, `tools[0].name`) instead of "input is invalid". Returns
 * the body with the "easy" forms made explicit: an item with only an `id` is an item_reference.
 */
export function validateItems(body: unknown): unknown {
  if (!isObject(body)) return body;
  let input = body.input;
  if (Array.isArray(input)) {
    input = input.map((item, index) => checkItem(item, index));
  }
  if (Array.isArray(body.tools)) body.tools.forEach(checkTool);
  return input === body.input ? body : { ...body, input };
}

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
  throwFirstIssue(schema.safeParse(normalized), param);
  return normalized;
}

function checkTool(tool: unknown, index: number): void {
  const param = `tools[${index}]`;
  if (!isObject(tool) || typeof tool.type !== "string") {
    throw invalidRequest(`'${param}.type' must name the kind of tool.`, `${param}.type`);
  }
  const schema = Object.hasOwn(TOOL_SCHEMAS, tool.type) ? TOOL_SCHEMAS[tool.type] : undefined;
  if (schema !== undefined) throwFirstIssue(schema.safeParse(tool), param);
}

function throwFirstIssue(
  result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  base: string,
) {
  if (result.success) return;
  const issue = result.error?.issues[0];
  const sub = issue === undefined ? "" : paramPath(issue.path);
  const param = sub === "" ? base : sub.startsWith("[") ? `${base}${sub}` : `${base}.${sub}`;
  throw invalidRequest(`'${param}': ${issue?.message ?? "invalid"}`, param, "invalid_value");
}
