import type { ResolvedModel } from "./models.js";
import type { SimAccount } from "./oauth-tokens.js";
import { shortHash } from "./oauth-tokens.js";

/** Bodies of the Cloud Code account endpoints: loadCodeAssist, onboardUser, fetchAvailableModels (§B). */

const freeTier = {
  id: "free-tier",
  name: "Gemini Code Assist for individuals",
  description: "Gemini Code Assist for individuals, served by the agate simulator",
  userDefinedCloudaicompanionProject: false,
};
const standardTier = {
  id: "standard-tier",
  name: "Gemini Code Assist Standard",
  description: "Unlimited coding assistant with the most powerful Gemini models",
  userDefinedCloudaicompanionProject: true,
};

/** Polls answered `done: false` before onboarding completes. */
const pendingOnboardingPolls = 1;

export function loadCodeAssistBody(account: SimAccount): Record<string, unknown> {
  const allowedTiers = [{ ...freeTier, isDefault: true }, standardTier];
  if (!account.onboarded) return { allowedTiers, gcpManaged: false };
  return { currentTier: freeTier, allowedTiers, cloudaicompanionProject: account.project, gcpManaged: false };
}

/** A long-running operation, re-polled by POSTing onboardUser again (as the Gemini CLI does). */
export function onboardUserStep(account: SimAccount): Record<string, unknown> {
  const name = `operations/onboard-${shortHash(account.email)}`;
  if (!account.onboarded) {
    account.onboardingPolls += 1;
    if (account.onboardingPolls <= pendingOnboardingPolls) return { name, done: false };
    account.onboarded = true;
  }
  return {
    name,
    done: true,
    response: {
      "@type": "type.googleapis.com/google.internal.cloud.code.v1internal.OnboardUserResponse",
      cloudaicompanionProject: { id: account.project, name: account.project },
    },
  };
}

export function availableModelsBody(
  models: readonly ResolvedModel[],
  now = new Date(),
): Record<string, unknown> {
  const entries = models.map((model) => [
    model.id,
    {
      displayName: model.displayName,
      maxTokens: model.inputTokenLimit,
      maxOutputTokens: model.outputTokenLimit,
      supportsThinking: model.thinking,
      supportsImages: true,
      quotaInfo: {
        remainingFraction: model.remainingFraction,
        resetTime: model.resetTime ?? nextUtcMidnight(now),
      },
    },
  ]);
  return { models: Object.fromEntries(entries), deprecatedModelIds: deprecatedModelIds(models) };
}

/** Retired ids and the served model Google forwards them to (the 3.1 Flash-Lite preview went GA in May 2026). */
const RETIRED_IDS: readonly (readonly [string, string])[] = [
  ["gemini-2.5-pro-preview-06-05", "gemini-2.5-pro"],
  ["gemini-3.1-flash-lite-preview", "gemini-3.1-flash-lite"],
];

function deprecatedModelIds(models: readonly ResolvedModel[]): Record<string, { newModelId: string }> {
  const served = new Set(models.map((model) => model.id));
  const retired = RETIRED_IDS.filter(([, next]) => served.has(next));
  if (retired.length > 0)
    return Object.fromEntries(retired.map(([old, next]) => [old, { newModelId: next }]));
  const first = models[0];
  return first ? { [`${first.id}-deprecated`]: { newModelId: first.id } } : {};
}

function nextUtcMidnight(now: Date): string {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return new Date(midnight).toISOString().replace(".000Z", "Z");
}
