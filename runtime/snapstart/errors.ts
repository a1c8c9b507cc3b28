// The error types AWS's runtimes report for a failing SnapStart hook: a before-snapshot hook to
// /init/error, an after-restore hook to /restore/error.
import { RuntimeError } from "../errors.ts";

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export class BeforeSnapshotError extends RuntimeError {
  override readonly name = "Runtime.BeforeSnapshotError";
  constructor(cause: unknown) {
    super(messageOf(cause), { cause });
    if (cause instanceof Error && cause.stack !== undefined) this.stack = cause.stack.replace(/^[^\n]*/, `${this.name}: ${this.message}`);
  }
}

export class AfterRestoreError extends RuntimeError {
  override readonly name = "Runtime.AfterRestoreError";
  constructor(cause: unknown) {
    super(messageOf(cause), { cause });
    if (cause instanceof Error && cause.stack !== undefined) this.stack = cause.stack.replace(/^[^\n]*/, `${this.name}: ${this.message}`);
  }
}
