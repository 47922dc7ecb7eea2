import { type PoolStack, startPoolStack } from "./support.js";

/**
 * A pool that mixes account kinds, as a team service runs one: a Gemini API-key account and a Cloud Code
 * account on the simulator, and an OpenAI-compatible server — a second agate on its own simulator (another
 * Google project), which serves `gemini-3-flash-preview` as gemini-2.0-flash (which has penalties; the
 * simulator answers it only where a test scripts the answer) and `local-llama` as gemini-2.5-flash.
 */
export interface MixedStacks {
  /** The OpenAI-compatible server (its own agate and simulator). */
  back: PoolStack;
  /** The pool under test, with the Gemini kinds on its simulator and `compat` pointing at `back`. */
  front: PoolStack;
}

/** `compat`: more of the compatible account's entry (`models`); `frontConfig`: more of the pool's config. */
export async function startMixedStacks(
  compat: Record<string, unknown> = {},
  frontConfig: Record<string, unknown> = {},
): Promise<MixedStacks & { close(): Promise<void> }> {
  const back = await startPoolStack({
    accounts: [{ kind: "gemini", label: "back", api_key: "back-key" }],
    config: {
      auth_mode: "strict",
      api_keys: ["upstream-secret"],
      model_mapping: { "gemini-3-flash-preview": "gemini-2.0-flash", "local-llama": "gemini-2.5-flash" },
    },
  });
  const front = await startPoolStack({
    accounts: [
      { kind: "gemini", label: "gem", api_key: "key-1" },
      { kind: "cloudcode", label: "cc@example.com", refresh_token: "sim-refresh-cc" },
      {
        kind: "openai",
        label: "compat",
        base_url: `${back.url}/v1`,
        api_key: "upstream-secret",
        ...compat,
      },
    ],
    config: frontConfig,
  });
  return {
    back,
    front,
    close: async () => {
      await front.close();
      await back.close();
    },
  };
}
