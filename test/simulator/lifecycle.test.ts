import { Agent, request } from "undici";
import { describe, expect, it } from "vitest";
import { startSimulator } from "../../src/simulator/index.js";
import { apiKey, geminiUrl, startQuietSimulator, userSays } from "./support.js";

describe("simulator lifecycle", () => {
  it("listens on 127.0.0.1 with a random port by default", async () => {
    const simulator = await startSimulator({ quiet: true });
    expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await simulator.close();
  });

  it("close() ends hanging and delayed responses, and resolves", async () => {
    const simulator = await startQuietSimulator();
    simulator.script({ respond: { fault: "hang" } });
    simulator.script({ delayMs: 60_000, respond: { reply: { text: "late" } } });
    const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
    const send = () =>
      fetch(url, { method: "POST", headers: apiKey, body: JSON.stringify(userSays("x")) }).then(
        (response) => response.status,
        (error: unknown) => error,
      );
    const hanging = send();
    const delayed = send();
    while (simulator.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await simulator.close();
    expect(await hanging).toBeInstanceOf(TypeError);
    expect(await delayed).toBeInstanceOf(TypeError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("serves 2,000 sequential requests over one keep-alive connection", async () => {
    const simulator = await startQuietSimulator();
    const dispatcher = new Agent({ connections: 1 });
    try {
      const url = geminiUrl(simulator, "gemini-2.5-flash", "generateContent");
      const body = JSON.stringify(userSays("ping"));
      for (let index = 0; index < 2_000; index += 1) {
        const response = await request(url, {
          method: "POST",
          headers: { ...apiKey, "content-type": "application/json" },
          body,
          dispatcher,
        });
        expect(response.statusCode).toBe(200);
        await response.body.text();
      }
      expect(simulator.requests).toHaveLength(2_000);
    } finally {
      await dispatcher.close();
      await simulator.close();
    }
  });
});
