/**
 * The parts of undici agate uses, each from its own module. undici's index also loads its fetch, WebSocket,
 * EventSource, cookies, caches and mocks (≈ 0.6 MB of the 3.2 MB bundle), and its cookies module reads
 * `globalThis.Headers`, which makes Node 20 load and compile its own built-in copy of undici during
 * start-up (bench/README.md, fourth round). agate calls upstreams through `dispatch` only (upstream-call.ts).
 */

import api from "undici/lib/api/index.js";
import errors from "undici/lib/core/errors.js";
import util from "undici/lib/core/util.js";
import Agent from "undici/lib/dispatcher/agent.js";
import Dispatcher from "undici/lib/dispatcher/dispatcher.js";
import ProxyAgent from "undici/lib/dispatcher/proxy-agent.js";

// As undici's index does: `request`, `connect`… on every dispatcher. ProxyAgent opens its tunnels with
// `connect` on a Client of its own.
Object.assign(Dispatcher.prototype, api);

export { Agent, errors, ProxyAgent };

/** Raw header lines (name, value, name, value…) as an object, as undici's `util.parseHeaders`. */
export const parseHeaders = util.parseHeaders;
