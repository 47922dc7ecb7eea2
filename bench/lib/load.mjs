// Load generators: a sequential timed loop over one keep-alive connection, autocannon for throughput, and a
// streaming client that notes the time to the first body byte.
import autocannon from "autocannon";
import { Pool } from "undici";
import { percentiles } from "./stats.mjs";

const elapsedMs = (startNs) => Number(process.hrtime.bigint() - startNs) / 1e6;

async function send(pool, request) {
  const response = await pool.request({
    method: "POST",
    path: request.path,
    headers: request.headers,
    body: request.body,
  });
  return response;
}

function check(response, request) {
  if (response.statusCode !== 200) {
    throw new Error(`${request.origin}${request.path} answered HTTP ${response.statusCode}`);
  }
}

/** `count` sequential requests (after `warmup` untimed ones) on one connection: p50 and p99 in ms. */
export async function latencyLoop(request, { count, warmup = 100 }) {
  const pool = new Pool(request.origin, { connections: 1, pipelining: 1 });
  const samples = [];
  try {
    for (let index = 0; index < count + warmup; index++) {
      const started = process.hrtime.bigint();
      const response = await send(pool, request);
      await response.body.arrayBuffer();
      check(response, request);
      if (index >= warmup) samples.push(elapsedMs(started));
    }
  } finally {
    await pool.close();
  }
  return percentiles(samples);
}

/**
 * autocannon at `connections` for `seconds` (at most `rate` requests per second overall, when given): mean
 * requests per second, the requests completed, and the share of failed requests.
 */
export async function throughput(request, { connections, seconds, rate }) {
  const result = await autocannon({
    url: request.origin + request.path,
    method: "POST",
    headers: request.headers,
    body: request.body,
    connections,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  const total = result.requests.total + result.errors + result.timeouts;
  return {
    rps: result.requests.average,
    total: result.requests.total,
    errorRate: failed / Math.max(1, total),
  };
}

/** One streamed request: ms to the first body byte, ms to the end, bytes and `data:` frames received. */
export async function streamOnce(pool, request) {
  const started = process.hrtime.bigint();
  const response = await send(pool, request);
  let ttfb;
  let bytes = 0;
  let frames = 0;
  for await (const chunk of response.body) {
    ttfb ??= elapsedMs(started);
    bytes += chunk.length;
    frames += countFrames(chunk);
  }
  check(response, request);
  return { ttfb, total: elapsedMs(started), bytes, frames };
}

const DATA = Buffer.from("data:");
function countFrames(chunk) {
  let count = 0;
  for (let at = chunk.indexOf(DATA); at >= 0; at = chunk.indexOf(DATA, at + DATA.length)) count++;
  return count;
}

/** `count` sequential streams on one connection: p50 and p99 of the time to first byte, in ms. */
export async function ttfbLoop(request, { count, warmup = 20 }) {
  const pool = new Pool(request.origin, { connections: 1, pipelining: 1 });
  const samples = [];
  try {
    for (let index = 0; index < count + warmup; index++) {
      const result = await streamOnce(pool, request);
      if (index >= warmup) samples.push(result.ttfb);
    }
  } finally {
    await pool.close();
  }
  return percentiles(samples);
}

/** `total` streams, `concurrency` at a time; resolves with the results (errors counted, not thrown). */
export async function streams(request, { total, concurrency }) {
  const pool = new Pool(request.origin, { connections: concurrency, pipelining: 1 });
  const results = [];
  let errors = 0;
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      try {
        results.push(await streamOnce(pool, request));
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return { results, errors };
}
