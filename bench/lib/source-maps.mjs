// agate runs bundled (dist/cli/*.js): its CPU profiles name bundle files. This maps every frame back to the
// file it came from (src/…ts or node_modules/…) through the bundle's source maps.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

/** Rewrites `url`, `lineNumber` and `columnNumber` of each frame that a `.map` beside its file covers. */
export function mapProfileToSources(profile) {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      const file = url.startsWith("file:") ? `${fileURLToPath(url)}.map` : undefined;
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
    const source = new URL(entry.originalSource, callFrame.url).href;
    Object.assign(callFrame, {
      url: source,
      lineNumber: entry.originalLine,
      columnNumber: entry.originalColumn,
    });
  }
  return profile;
}
