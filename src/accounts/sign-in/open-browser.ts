import { spawn } from "node:child_process";

/**
 * Opens `url` in the user's browser where there is one to open: macOS, Windows, or a Linux/BSD desktop
 * session (DISPLAY or WAYLAND_DISPLAY set). Never fails: without a browser, or when the opener is missing,
 * it just returns false and the printed URL is the way.
 */
export function openBrowser(
  url: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): boolean {
  const command = openerFor(platform, env);
  if (command === undefined) return false;
  try {
    const child = spawn(command.file, [...command.args, url], { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function openerFor(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): { file: string; args: string[] } | undefined {
  if (platform === "darwin") return { file: "open", args: [] };
  if (platform === "win32") return { file: "rundll32", args: ["url.dll,FileProtocolHandler"] };
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return { file: "xdg-open", args: [] };
  return undefined;
}
