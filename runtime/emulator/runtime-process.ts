// The bootstrap process the emulator runs: spawn, exit, kill, and its real peak memory.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class RuntimeProcess {
  readonly #child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  #exitStatus: ExitStatus | undefined;
  #peakKB = 0;

  /** With `onLine`, the process's output is read line by line (for telemetry) instead of inherited. */
  constructor(command: readonly string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void) {
    const [file, ...args] = command;
    // Lambda starts the runtime in its task root (/var/task); so does the emulator.
    this.#child = spawn(file!, args, { env, cwd: env["LAMBDA_TASK_ROOT"] || undefined, stdio: ["ignore", onLine ? "pipe" : "inherit", onLine ? "pipe" : "inherit"] });
    if (onLine) {
      for (const stream of [this.#child.stdout!, this.#child.stderr!]) createInterface({ input: stream, crlfDelay: Infinity }).on("line", onLine);
    }
    this.exited = new Promise((resolve) => {
      const done = (status: ExitStatus) => {
        this.#exitStatus ??= status;
        resolve(this.#exitStatus);
      };
      this.#child.once("exit", (code, signal) => done({ code, signal }));
      // A command that cannot be started at all counts as an exit with status 127, as in a shell.
      this.#child.once("error", () => done({ code: 127, signal: null }));
    });
  }

  get running(): boolean {
    return this.#exitStatus === undefined;
  }

  /** Peak resident memory of the process so far, in MB (VmHWM; 0 where /proc is missing). */
  maxMemoryUsedMB(): number {
    if (this.running && this.#child.pid !== undefined) {
      try {
        const status = readFileSync(`/proc/${this.#child.pid}/status`, "utf8");
        const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
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

export function describeExit(status: ExitStatus): string {
  return status.signal ? `signal: ${signalWord(status.signal)}` : `exit status ${status.code}`;
}

function signalWord(signal: NodeJS.Signals): string {
  return signal === "SIGKILL" ? "killed" : signal === "SIGSEGV" ? "segmentation fault" : signal.toLowerCase();
}
