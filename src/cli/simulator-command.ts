import { startSimulator } from "../simulator/index.js";

export interface SimulatorFlags {
  port: number;
  host: string;
  /** false with `--no-record`: requests are not kept, so a long benchmark does not grow the process. */
  record: boolean;
}

export async function simulatorCommand(flags: SimulatorFlags): Promise<void> {
  const simulator = await startSimulator({
    port: flags.port,
    host: flags.host,
    recordRequests: flags.record,
  });
  process.stdout.write(
    `agate simulator on ${simulator.url} (Gemini API /v1beta, Cloud Code /v1internal, OAuth /token)` +
      `${flags.record ? "" : ", not recording requests"}\n`,
  );
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
