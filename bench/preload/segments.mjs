// Preloaded into a gateway (`node --import`) by bench/segments.mjs: where each request's time goes, from
// Node's and undici's diagnostics channels, so agate and the floor are measured the same way without a line
// of their code changed. Only requests with the header `x-bench-segments` count, one at a time (the c=1
// loop); per request, the milliseconds (performance.now) at: the request in, the upstream call made, its
// request written, the upstream's head, its body's end, the response finished, and the event loop's next
// check phase after it (the work that follows a response); and the time since the previous response. A request that makes
// more than one upstream call keeps the first call's start and the last call's end. Written as JSON to
// BENCH_SEGMENTS_OUT when the process exits.
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const out = process.env.BENCH_SEGMENTS_OUT;
const done = [];
let current;
let previous;

subscribe("http.server.request.start", ({ request }) => {
  const start = performance.now();
  current = request.headers["x-bench-segments"] === undefined ? undefined : { start };
  // The previous request's end to this one's start: the client's turn, and any wait for this process.
  if (current !== undefined && previous !== undefined) current.gap = start - previous.finish;
});
subscribe("undici:request:create", () => {
  if (current !== undefined) current.create ??= performance.now();
});
subscribe("undici:request:bodySent", () => {
  if (current !== undefined) current.sent ??= performance.now();
});
subscribe("undici:request:headers", () => {
  if (current !== undefined) current.head = performance.now();
});
subscribe("undici:request:trailers", () => {
  if (current !== undefined) current.body = performance.now();
});
subscribe("http.server.response.finish", () => {
  if (current === undefined) return;
  const request = current;
  request.finish = performance.now();
  // What runs on after the response (its close handlers, queued work) ends before the next turn's checks.
  setImmediate(() => {
    request.settled = performance.now();
  });
  if (request.create !== undefined && request.body !== undefined) done.push(request);
  previous = request;
  current = undefined;
});

process.on("exit", () => {
  if (out !== undefined) writeFileSync(out, JSON.stringify(done));
});
