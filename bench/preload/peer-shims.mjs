// Preloaded into the peer (Portkey) only, never into agate or the floor:
// 1. Node 20's fetch returns responses whose headers are immutable; Portkey appends to them on its
//    pass-through paths and fails with `TypeError: immutable`. Each response is re-wrapped with a mutable copy.
// 2. Portkey listens on every interface; the benchmark keeps all traffic on loopback, so a listen() without a
//    host is bound to 127.0.0.1.
import { Server } from "node:net";

const originalFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const response = await originalFetch(...args);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};

const originalListen = Server.prototype.listen;
Server.prototype.listen = function listen(...args) {
  if (typeof args[0] === "number" && args[1] === undefined) args[1] = "127.0.0.1";
  else if (typeof args[0] === "number" && typeof args[1] === "function") args.splice(1, 0, "127.0.0.1");
  return originalListen.apply(this, args);
};
