// `tslambda dev [names…]`: builds the functions, serves them all from one emulator routed by
// name, and rebuilds a function when its sources change, before its next invoke.
import { Command, Option } from "commander";
import type { CommandFactory } from "../command.ts";
import { startDev } from "../dev/dev-session.ts";
import { selectFunctions } from "../build/select.ts";
import { UsageError } from "../errors.ts";
import { loadProject } from "../project.ts";
import { DEFAULT_ENDPOINT } from "./invoke.ts";

interface DevFlags {
  port: string;
  host: string;
}

export const devCommand: CommandFactory = (io) =>
  new Command("dev")
    .summary("serve functions from one local emulator and rebuild them on every change")
    .description(
      "Build the functions (default: all) into .tslambda/dev/ and serve them from one emulator,\n" +
        "each under its own name, with the memory, timeout and environment of the project config.\n" +
        "A saved change rebuilds the functions it concerns; invokes that arrive meanwhile wait\n" +
        "and run on the new build. A failed build is printed and the last good one keeps serving.\n" +
        "Stop with Ctrl-C.",
    )
    .argument("[names...]", "functions to serve (default: all)")
    .addOption(new Option("-p, --port <port>", "port of the invoke API").default("8080").env("TSLAMBDA_PORT"))
    .addOption(new Option("--host <host>", "address to listen on").default("127.0.0.1"))
    .addHelpText("after", "\nThen, in another terminal:\n  tslambda invoke hello --event sqs")
    .action(async (names: string[], flags: DevFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0 to 65535, not ${JSON.stringify(flags.port)}`);
      const project = await loadProject(io.cwd);
      const functions = selectFunctions(project, names);
      const print = (line: string) => void io.stdout.write(`${line}\n`);
      const session = await startDev({ project, functions, host: flags.host, port, print });
      const endpoint = session.emulator.url === DEFAULT_ENDPOINT ? "" : ` --endpoint ${session.emulator.url}`;
      for (const fn of functions) print(`[dev] ${fn.name}: tslambda invoke ${fn.name}${endpoint}`);
      print(`[dev] watching ${project.root} for changes (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await session.close();
    });
