import { describe } from "vitest";
import { hostileBodiesProperty } from "./bad-input-support.js";

describe("bad input (issue 6 §2): POST /v1/completions", () => {
  hostileBodiesProperty("completions");
});
