import { startSimulator } from "../simulator/index.js";

export async function simulatorCommand(flags: { port: number; host: string }): Promise<void> {
  const simulator = await startSimulator({ port: flags.port, host: flags.host });
  process.stdout.write(
    `agate simulator on ${simulator.url} (Gemini API /v1beta, Cloud Code /v1internal, OAuth /token)\n`,
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
