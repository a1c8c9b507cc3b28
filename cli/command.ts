// What a command file provides: a commander Command built for a given Io. The program adds each
// one; a new command is one file in commands/ plus its line in commands/index.ts.
import type { Command } from "commander";
import type { Io } from "./io.ts";

export type CommandFactory = (io: Io) => Command;
