#!/usr/bin/env node
import { Command } from "commander";
import { ConfigError } from "../config/config-error.js";
import { VERSION } from "../version.js";
import { registerAccountsCommand } from "./accounts-command.js";
import { checkConfigCommand, printConfigCommand } from "./config-command.js";
import type { DemoFlags } from "./demo.js";
import { parsePort, parseWorkers, type ServerFlags } from "./options.js";
import { simulatorCommand } from "./simulator-command.js";
import type { StatsFlags } from "./stats-command.js";

const program = new Command()
  .name("agate")
  .description("An OpenAI-compatible gateway in front of a pool of Google Gemini accounts.")
  .version(VERSION);

program
  .command("serve")
  .description("Run the gateway (default 127.0.0.1:8045).")
  .option("-p, --port <port>", "port to listen on (config: port)", parsePort)
  .option("-H, --host <host>", "address to bind (config: host)")
  .option(
    "-w, --workers <n>",
    "processes sharing the port; 0 = one per CPU (config: workers, default 1)",
    parseWorkers,
  )
  .option("-c, --config <file>", "config file (default $AGATE_HOME/config.json)")
  // The server's modules load only when it starts, so the other commands start fast.
  .action(async (flags: ServerFlags) => (await import("./serve.js")).serveCommand(flags));

program
  .command("demo")
  .description(
    "Run the gateway with the built-in upstream simulator and one demo account: no credentials needed.",
  )
  .option("-p, --port <port>", "port to listen on (config: port)", parsePort)
  .option("-H, --host <host>", "address to bind (config: host)")
  .option("-c, --config <file>", "config file (default $AGATE_HOME/config.json)")
  .option("--simulator-port <port>", "port for the simulator (default: a free one)", parsePort)
  .action(async (flags: DemoFlags) => (await import("./demo.js")).demoCommand(flags));

program
  .command("simulator")
  .description(
    "Run only the upstream simulator (a local Gemini API / Cloud Code look-alike), e.g. for benchmarks.",
  )
  .option("-p, --port <port>", "port to listen on", parsePort, 8046)
  .option("-H, --host <host>", "address to bind", "127.0.0.1")
  .option(
    "--no-record",
    "do not keep the requests it receives (GET /__sim/requests stays empty); for benchmarks, whose memory would grow",
  )
  .action(simulatorCommand);

registerAccountsCommand(program);

program
  .command("stats")
  .description(
    "Usage per hour or day, per account and model (requests, errors, tokens), read from the store.",
  )
  .option(
    "--from <when>",
    "start: ISO date or date-time, epoch ms, or a duration back from now such as 24h or 7d (default 7d)",
  )
  .option("--to <when>", "end (default now)")
  .option("-g, --group-by <list>", "comma-separated: hour or day, and account and/or model", "day")
  .option("--json", "print JSON, as GET /admin/stats answers")
  .option("-c, --config <file>", "config file (default $AGATE_HOME/config.json)")
  .action(async (flags: StatsFlags) => (await import("./stats-command.js")).statsCommand(flags));

const config = program.command("config").description("Show or check the configuration.");
config
  .command("print")
  .description("Print the effective configuration (flags > env > file > defaults), secrets masked.")
  .option("-c, --config <file>", "config file (default $AGATE_HOME/config.json)")
  .option("--keys", "print every configuration key with its default, env variable and description")
  .action(printConfigCommand);
config
  .command("check")
  .description("Validate a config file; exit code 2 and the offending key when it is invalid.")
  .argument("<file>", "the config file")
  .action(checkConfigCommand);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`agate: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`agate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
