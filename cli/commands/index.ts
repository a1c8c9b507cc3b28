// The commands `tslambda` knows, in the order --help lists them. Adding one: a file in this
// directory exporting a CommandFactory, and a line here.
import type { CommandFactory } from "../command.ts";
import { buildCommand } from "./build.ts";
import { devCommand } from "./dev.ts";
import { eventsCommand } from "./events.ts";
import { imageCommand } from "./image.ts";
import { initCommand } from "./init.ts";
import { invokeCommand } from "./invoke.ts";

export const COMMANDS: readonly CommandFactory[] = [initCommand, eventsCommand, devCommand, invokeCommand, buildCommand, imageCommand];
