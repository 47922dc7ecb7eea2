import { Command } from "commander";
import { ConfigError } from "../config/config-error.js";
import { VERSION } from "../version.js";
import { registerAccountsCommand } from "./accounts-command.js";
import type { PrintConfigFlags } from "./config-command.js";
import type { DemoFlags } from "./demo.js";
import {
  exitAfterCommander,
  InvalidOptionValue,
  parsePort,
  parseWorkers,
  type ServerFlags,
} from "./options.js";
import type { SimulatorFlags } from "./simulator-command.js";
import type { StatsFlags } from "./stats-command.js";

// Each command's modules load only when it runs: `agate serve` does not parse the simulator, the account
// commands' sign-in or the config tables, and those commands do not parse the server.
const program = new Command()
  .name("agate")
  .description("An OpenAI-compatible gateway in front of a pool of Google Gemini accounts.")
  .version(VERSION)
  // Before the commands are made: each inherits it.
  .exitOverride(exitAfterCommander);

program
  .command("serve")
  .description(
    "Run the gateway (default 127.0.0.1:8045). One per store (data_dir): a second is refused; use --workers for more processes.",
  )
  .option("-p, --port <port>", "port to listen on (config: port)", parsePort)
  .option("-H, --host <host>", "address to bind (config: host)")
  .option(
    "-w, --workers <n>",
    "processes sharing the port; 0 = one per CPU (config: workers, default 1)",
    parseWorkers,
  )
  .option("-c, --config <file>", "config file (default $AGATE_HOME/config.json)")
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
  .action(async (flags: SimulatorFlags) => (await import("./simulator-command.js")).simulatorCommand(flags));

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
  .action(async (flags: PrintConfigFlags) => (await import("./config-command.js")).printConfigCommand(flags));
config
  .command("check")
  .description("Validate a config file; exit code 2 and the offending key when it is invalid.")
  .argument("<file>", "the config file")
  .action(async (file: string) => (await import("./config-command.js")).checkConfigCommand(file));

// Not a top-level await: the build makes this file a CommonJS bundle (see launch.ts).
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof InvalidOptionValue) {
    process.stderr.write(`agate: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`agate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
