// The bootstrap process the emulator runs: spawn, exit, kill, and its real peak memory.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readSync } from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Room for /proc/<pid>/status (about 1.5 KB), shared: readings are synchronous. */
const STATUS_BUFFER = Buffer.alloc(8192);

export class RuntimeProcess {
  readonly #child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  #exitStatus: ExitStatus | undefined;
  #peakKB = 0;
  /** /proc/<pid>/status, kept open: one pread per reading rather than open, stat, read, close. */
  #statusFd: number | undefined;
  readonly #listeners = new Set<(status: ExitStatus) => void>();

  /**
   * The process's stdout and stderr are read line by line (split on \n only: a runtime keeps a
   * multi-line record one line by writing its inner newlines as \r, as on Lambda).
   */
  constructor(command: readonly string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void) {
    const [file, ...args] = command;
    // Lambda starts the runtime in its task root (/var/task); so does the emulator.
    this.#child = spawn(file!, args, { env, cwd: env["LAMBDA_TASK_ROOT"] || undefined, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [this.#child.stdout!, this.#child.stderr!]) readLines(stream, onLine);
    this.exited = new Promise((resolve) => {
      const done = (status: ExitStatus) => {
        if (this.#exitStatus !== undefined) return;
        this.#exitStatus = status;
        if (this.#statusFd !== undefined) closeSync(this.#statusFd);
        this.#statusFd = undefined;
        resolve(status);
        for (const listener of [...this.#listeners]) listener(status);
        this.#listeners.clear();
      };
      this.#child.once("exit", (code, signal) => done({ code, signal }));
      // A command that cannot be started at all counts as an exit with status 127, as in a shell.
      this.#child.once("error", () => done({ code: 127, signal: null }));
    });
  }

  /**
   * Calls `listener` when the process exits (at once if it has). Returns the unsubscribe: a
   * per-invoke `exited.then` would pile one reaction per invoke on a promise that lives as long
   * as the process.
   */
  onExit(listener: (status: ExitStatus) => void): () => void {
    if (this.#exitStatus !== undefined) {
      listener(this.#exitStatus);
      return () => {};
    }
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  get running(): boolean {
    return this.#exitStatus === undefined;
  }

  /** Peak resident memory of the process so far, in MB (VmHWM; 0 where /proc is missing). */
  maxMemoryUsedMB(): number {
    if (this.running && this.#child.pid !== undefined) {
      try {
        this.#statusFd ??= openSync(`/proc/${this.#child.pid}/status`, "r");
        const length = readSync(this.#statusFd, STATUS_BUFFER, 0, STATUS_BUFFER.length, 0);
        const match = /^VmHWM:\s+(\d+) kB/m.exec(STATUS_BUFFER.toString("latin1", 0, length));
        if (match) this.#peakKB = Math.max(this.#peakKB, Number(match[1]));
      } catch {
        // The process may be gone between the check and the read; keep the last reading.
      }
    }
    return Math.ceil(this.#peakKB / 1024);
  }

  /** SIGTERM: the graceful-shutdown signal Lambda sends when extensions are registered. */
  terminate(): void {
    if (this.running) this.#child.kill("SIGTERM");
  }

  kill(): Promise<ExitStatus> {
    if (this.running) this.#child.kill("SIGKILL");
    return this.exited;
  }
}

function readLines(stream: Readable, onLine: (line: string) => void): void {
  const decoder = new StringDecoder("utf8");
  let partial = "";
  stream.on("data", (chunk: Buffer) => {
    const lines = (partial + decoder.write(chunk)).split("\n");
    partial = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  stream.once("end", () => {
    const rest = partial + decoder.end();
    if (rest !== "") onLine(rest);
  });
}

export function describeExit(status: ExitStatus): string {
  return status.signal ? `signal: ${signalWord(status.signal)}` : `exit status ${status.code}`;
}

function signalWord(signal: NodeJS.Signals): string {
  return signal === "SIGKILL" ? "killed" : signal === "SIGSEGV" ? "segmentation fault" : signal.toLowerCase();
}
