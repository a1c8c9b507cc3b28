// The `tslambda` program: every command, one way of reporting errors, and the exit codes
// (0 ok, 1 the function or the run failed, 2 the command line or the project is wrong).
import { Command, CommanderError } from "commander";
import { COMMANDS } from "./commands/index.ts";
import { CommandFailed, ConfigError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from "./errors.ts";
import type { Io } from "./io.ts";
import { packageInfo } from "./package-info.ts";

export function createProgram(io: Io): Command {
  const program = new Command("tslambda")
    .description("Write, try and invoke TypeScript AWS Lambda functions on your machine")
    .version(packageInfo().version, "-v, --version")
    .helpCommand(true)
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    });
  for (const factory of COMMANDS) program.addCommand(inherit(factory(io), program));
  return program;
}

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = createProgram(io);
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT_OK;
  } catch (error) {
    return report(error, helpHint(program, argv), io);
  }
}

function report(error: unknown, hint: string, io: Io): number {
  if (error instanceof CommanderError) {
    // Commander has printed the message (or the help) already.
    if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT_OK;
    io.stderr.write(`${hint}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n${hint}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CommandFailed) {
    if (error.message !== "") io.stderr.write(`error: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  io.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_FAILURE;
}

/** "(run `tslambda events sqs --help` for usage)": help for the deepest command the user typed. */
function helpHint(program: Command, argv: readonly string[]): string {
  const path: string[] = [];
  let at = program;
  for (const word of argv) {
    if (word.startsWith("-")) continue;
    const sub = at.commands.find((c) => c.name() === word);
    if (sub === undefined) break;
    path.push(word);
    at = sub;
  }
  return `(run \`${["tslambda", ...path, "--help"].join(" ")}\` for usage)`;
}

/** Commander copies settings only into commands made with .command(); added ones need this. */
function inherit(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inherit(sub as Command, command);
  return command;
}
