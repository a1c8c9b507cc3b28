// Entry of emulator.mjs: `runEmulatorAround` for a bootstrap that finds no Runtime API, and a
// command line (`node emulator.mjs [--address host:port] -- <bootstrap command>`).
import { pathToFileURL } from "node:url";
import { runtimeCommand } from "../node-flags.ts";
import { startEmulator } from "./emulator.ts";
import { EmulatorUsageError, parseOptions, toEmulatorConfig, type EmulatorOptions } from "./options.ts";

/** Runs the emulator with `bootstrapPath` (run by this Node.js, as Lambda would run it) as the function. */
export async function runEmulatorAround(bootstrapPath: string): Promise<void> {
  await runUntilSignal(parseOptions(["--", ...runtimeCommand(bootstrapPath)], process.env));
}

async function runUntilSignal(options: EmulatorOptions): Promise<void> {
  const emulator = await startEmulator(toEmulatorConfig(options));
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function main(argv: string[]): Promise<void> {
  try {
    await runUntilSignal(parseOptions(argv, process.env));
  } catch (error) {
    if (error instanceof EmulatorUsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2));
}

// For tools that run functions programmatically (`tslambda dev`).
export { startEmulator, type RunningEmulator } from "./emulator.ts";
export type { EmulatorConfig, FunctionSpec } from "./function-spec.ts";
