// What a command file provides: a commander Command built for a given Io. The program adds each
// one; a new command is one file in commands/ plus its line in commands/index.ts.
// Commander rather than node:util parseArgs: it generates --help for the program, every command
// and every `events` type from the same declarations that parse them (defaults, env, arguments),
// suggests the closest flag on a typo, and has no dependencies of its own.
import type { Command } from "commander";
import type { Io } from "./io.ts";

export type CommandFactory = (io: Io) => Command;
