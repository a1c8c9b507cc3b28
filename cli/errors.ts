// The CLI's two failure kinds and their exit codes: a usage error (2) is the caller's mistake and
// prints one line plus a hint to --help; any other failure (1) is the function's or the world's.

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad command line or bad input the user gave (unknown flag, unreadable JSON, file exists). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The command ran but what it ran failed (function error, emulator not reachable, bad config). */
export class CommandFailed extends Error {
  override readonly name = "CommandFailed";
}

/** tslambda.config.ts is wrong; the message names the file and the field. Exits 2, no --help hint. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
