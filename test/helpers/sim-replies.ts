import type { SimRule } from "../../src/simulator/index.js";

/** Gemini calls get_weather twice in one answer (Paris, then Rome), every time it is asked. */
export const twoWeatherCalls: SimRule = {
  forever: true,
  respond: {
    reply: {
      functionCalls: [
        { name: "get_weather", args: { city: "Paris" } },
        { name: "get_weather", args: { city: "Rome" } },
      ],
    },
  },
};
