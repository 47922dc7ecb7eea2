import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";
import type { Config } from "../../config/schema.js";
import { resolveAuthMode } from "../auth.js";
import { bindHost } from "../bind-address.js";
import { isLoopbackAddress } from "../host-guard.js";

/** What the dashboard's Connect page shows: where clients point and whether they need a key. */
export interface ConnectInfo {
  /** The `/v1` base URL to give clients (a LAN address when agate listens on every interface). */
  base_url: string;
  /** Every base URL agate can be reached at from other machines (LAN access on). */
  lan_urls: string[];
  lan_access: boolean;
  key_required: boolean;
  auth_mode: string;
}

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export function connectInfo(
  config: Pick<Config, "host" | "allow_lan_access" | "auth_mode">,
  port: number,
  interfaces: Interfaces = networkInterfaces(),
): ConnectInfo {
  const host = bindHost(config);
  const everywhere = host === "0.0.0.0" || host === "::";
  const lanUrls = everywhere
    ? lanAddresses(interfaces).map((address) => `http://${address}:${port}/v1`)
    : isLoopbackAddress(host)
      ? []
      : [`http://${bracketed(host)}:${port}/v1`];
  const local = `http://${isLoopbackAddress(host) ? bracketed(host === "localhost" ? "127.0.0.1" : host) : "127.0.0.1"}:${port}/v1`;
  const mode = resolveAuthMode(config);
  return {
    base_url: lanUrls[0] ?? local,
    lan_urls: lanUrls,
    lan_access: lanUrls.length > 0,
    key_required: mode !== "off",
    auth_mode: mode,
  };
}

/** Non-internal IPv4 addresses first (what people type), then IPv6 ones. */
function lanAddresses(interfaces: Interfaces): string[] {
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  const external = all.filter((entry) => !entry.internal);
  return [
    ...external.filter((entry) => entry.family === "IPv4").map((entry) => entry.address),
    ...external
      .filter((entry) => entry.family === "IPv6" && !entry.address.startsWith("fe80"))
      .map((entry) => `[${entry.address}]`),
  ];
}

const bracketed = (host: string): string =>
  host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
