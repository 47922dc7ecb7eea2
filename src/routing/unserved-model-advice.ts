import type { ModelRoute } from "./model-router.js";

/**
 * What to tell a client whose model name agate mapped to a model the upstream says it does not have: which
 * table did it and how to fix it. A name sent as it is gets nothing (the upstream's own words say enough).
 * Only model names and table keys go in, from the client and the configuration: never a secret.
 */
export function unservedModelAdvice(route: ModelRoute): string | undefined {
  const by = mappedBy(route);
  if (by === undefined) return undefined;
  const fix =
    route.source === "alias" || route.source === "alias-wildcard"
      ? "map it to one your accounts serve with model_mapping"
      : "map it to one your accounts serve";
  return (
    `'${route.requested}' is mapped to '${route.upstream}' by ${by}, and the upstream has no such model: ` +
    `${fix} (GET /v1/models lists them).`
  );
}

function mappedBy(route: ModelRoute): string | undefined {
  switch (route.source) {
    case "alias":
      return "agate's built-in aliases (model_aliases)";
    case "alias-wildcard":
      return `agate's built-in alias '${route.rule ?? ""}' (model_aliases)`;
    case "mapping":
      return "model_mapping";
    case "mapping-wildcard":
      return `the model_mapping pattern '${route.rule ?? ""}'`;
    case "unchanged":
      return undefined;
  }
}
