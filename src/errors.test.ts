import { describe, expect, it } from "vitest";
import { allAccountsCooling } from "./errors.js";

describe("allAccountsCooling", () => {
  it("says a long wait in hours and minutes too, a short one in seconds only", () => {
    const message = (seconds: number) => allAccountsCooling("gpt-4o", seconds, "out of quota").message;
    expect(message(20)).toBe(
      "Every account that can serve 'gpt-4o' is out of quota; retry after 20 s or add accounts.",
    );
    expect(message(900)).toContain("retry after 900 s (about 15 min) or add accounts.");
    expect(message(7200)).toContain("retry after 7200 s (about 2 h) or add accounts.");
    expect(message(27_300)).toContain("retry after 27300 s (about 7 h 35 min) or add accounts.");
  });
});
