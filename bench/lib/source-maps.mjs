// agate runs bundled (dist/cli/agate.cjs): its CPU profiles name the bundle. This maps every frame back to the
// file it came from (src/…ts or node_modules/…) through the bundle's source map.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Rewrites `url`, `lineNumber` and `columnNumber` of each frame that a `.map` beside its file covers. */
export function mapProfileToSources(profile) {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      // The launcher runs the bundle as a vm.Script named by its path; modules are named by file: URLs.
      const path = url.startsWith("file:") ? fileURLToPath(url) : url.startsWith("/") ? url : undefined;
      const file = path === undefined ? undefined : `${path}.map`;
      maps.set(
        url,
        file !== undefined && existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, "utf8"))) : null,
      );
    }
    return maps.get(url);
  };
  for (const { callFrame } of profile.nodes) {
    const map = callFrame.url === "" ? null : mapOf(callFrame.url);
    const entry = map?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (entry?.originalSource === undefined) continue;
    const source = new URL(entry.originalSource, pathToFileURL(callFrame.url.replace(/^file:\/\//, ""))).href;
    Object.assign(callFrame, {
      url: source,
      lineNumber: entry.originalLine,
      columnNumber: entry.originalColumn,
    });
  }
  return profile;
}

/** The npm package a frame's file belongs to (`@scope/name` or `name`), or undefined outside node_modules. */
export function packageName(url) {
  const modules = url.lastIndexOf("/node_modules/");
  if (modules < 0) return undefined;
  const [first = "?", second] = url.slice(modules + "/node_modules/".length).split("/");
  return first.startsWith("@") ? `${first}/${second}` : first;
}
