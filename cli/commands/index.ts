// The commands `tslambda` knows, in the order --help lists them. Adding one: a file in this
// directory exporting a CommandFactory, and a line here.
import type { CommandFactory } from "../command.ts";
import { eventsCommand } from "./events.ts";
import { initCommand } from "./init.ts";
import { invokeCommand } from "./invoke.ts";

export const COMMANDS: readonly CommandFactory[] = [initCommand, eventsCommand, invokeCommand];
