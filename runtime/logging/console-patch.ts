// Console integration, a documented user feature: console.* calls become log records with
// timestamp, request id and level, as in AWS's Node.js runtime. This is the one place that
// replaces global console methods.
import type { Logger } from "./logger.ts";

export function patchConsole(logger: Logger, target: Console = console): void {
  target.trace = logger.trace;
  target.debug = logger.debug;
  target.info = logger.info;
  target.log = logger.info;
  target.warn = logger.warn;
  target.error = logger.error;
  (target as Console & { fatal?: Logger["fatal"] }).fatal = logger.fatal;
}
