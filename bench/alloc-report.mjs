// `node bench/alloc-report.mjs <file.heapprofile> [rows] [requests]`: the bytes allocated while the profile
// was sampled (bench/preload/alloc-sampler.mjs), by package and by function, agate's named through the
// bundle's source map. With the number of requests served meanwhile, also per request.
import { readFileSync } from "node:fs";
import { markdownTable } from "./lib/report.mjs";
import { mapProfileToSources } from "./lib/source-maps.mjs";

const [file, rows = "30", requests] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: node bench/alloc-report.mjs <file.heapprofile> [rows] [requests]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = [];
const walk = (node) => {
  nodes.push(node);
  for (const child of node.children ?? []) walk(child);
};
walk(profile.head);
const mapped = mapProfileToSources({
  nodes: nodes.map((node, index) => ({ id: index + 1, callFrame: node.callFrame })),
  samples: [],
  timeDeltas: [],
});

const place = (url) => {
  if (url.includes("/src/")) return url.slice(url.indexOf("/src/") + 1);
  const modules = url.lastIndexOf("node_modules/");
  return modules >= 0 ? url.slice(modules + "node_modules/".length) : url;
};
const packageOf = (url) => {
  if (url.includes("/src/")) return "agate (src/)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + "node_modules/".length).split("/")[0];
  return url.startsWith("node:") ? "node internals" : url === "" ? "(native)" : url;
};
const byFunction = new Map();
const byPackage = new Map();
let total = 0;
nodes.forEach((node, index) => {
  const frame = mapped.nodes[index].callFrame;
  const name = `${frame.functionName || "(anonymous)"} ${place(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
  byPackage.set(packageOf(frame.url), (byPackage.get(packageOf(frame.url)) ?? 0) + node.selfSize);
  total += node.selfSize;
});
const perRequest = (bytes) =>
  requests === undefined ? "" : `${(bytes / Number(requests) / 1024).toFixed(2)} KB`;
const table = (map, count) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => [
      `\`${name}\``,
      (bytes / 1e6).toFixed(1),
      `${((100 * bytes) / total).toFixed(1)}%`,
      perRequest(bytes),
    ]);
console.log(
  `${(total / 1e6).toFixed(1)} MB allocated while sampling${requests ? `, ${perRequest(total)} per request` : ""}\n`,
);
console.log(markdownTable(["package", "MB", "share", "per request"], table(byPackage, 12)));
console.log();
console.log(
  markdownTable(["function (self)", "MB", "share", "per request"], table(byFunction, Number(rows))),
);
