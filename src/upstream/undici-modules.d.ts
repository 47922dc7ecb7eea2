// Types for the undici modules agate loads one by one (undici-parts.ts): the same classes and
// functions as undici's index exports, whose types they borrow.
declare module "undici/lib/dispatcher/agent.js" {
  import type { Agent } from "undici";

  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module "undici/lib/dispatcher/proxy-agent.js" {
  import type { ProxyAgent } from "undici";

  const ProxyAgentClass: typeof ProxyAgent;
  export default ProxyAgentClass;
}

declare module "undici/lib/core/errors.js" {
  import type { errors } from "undici";

  const errorClasses: typeof errors;
  export default errorClasses;
}

declare module "undici/lib/core/util.js" {
  import type { util } from "undici";

  const helpers: typeof util;
  export default helpers;
}

declare module "undici/lib/dispatcher/dispatcher.js" {
  import type { Dispatcher } from "undici";

  const DispatcherClass: typeof Dispatcher;
  export default DispatcherClass;
}

declare module "undici/lib/api/index.js" {
  const methods: Record<string, unknown>;
  export default methods;
}
