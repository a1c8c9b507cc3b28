// The execution environment's log: every line it prints (the platform's START/END/REPORT, the
// runtime's and the extensions' output), copied into the Tail of the invoke running now when its
// caller asked for one, and when the runtime last wrote (a Tail waits for its output to settle).
import { performance } from "node:perf_hooks";
import type { LogTail } from "./log-tail.ts";
import { endLine, reportLine, startLine, type ReportFigures } from "./report.ts";
import { sleep } from "./sandbox-types.ts";

const OUTPUT_QUIET_MS = 50;
const OUTPUT_WAIT_MS = 1000;

export class SandboxLog {
  readonly #out: (line: string) => void;
  /** The log of the invoke running now, when its caller asked for it (LogType: Tail). */
  #tail: LogTail | undefined;
  /** When the runtime last printed a line (performance.now()). */
  #lastOutputAt = 0;

  constructor(out: (line: string) => void) {
    this.#out = out;
  }

  readonly print = (line: string): void => {
    this.#tail?.add(line);
    this.#out(line);
  };

  /** A line the runtime process printed. */
  runtimeLine(line: string): void {
    this.#lastOutputAt = performance.now();
    this.print(line);
  }

  /** Collects what follows into `tail` (or nothing), until the invoke's REPORT line. */
  collect(tail: LogTail | undefined): void {
    this.#tail = tail;
  }

  start(requestId: string, version: string): void {
    this.print(startLine(requestId, version));
  }

  /** END and REPORT: the invoke's log ends here. */
  finish(figures: ReportFigures): void {
    this.print(endLine(figures.requestId));
    this.print(reportLine(figures));
    this.#tail = undefined;
  }

  /** Resolves once the runtime has printed nothing for OUTPUT_QUIET_MS (at most OUTPUT_WAIT_MS). */
  async outputQuiet(): Promise<void> {
    const started = performance.now();
    for (;;) {
      const quietFor = performance.now() - this.#lastOutputAt;
      if (quietFor >= OUTPUT_QUIET_MS || performance.now() - started >= OUTPUT_WAIT_MS) return;
      await sleep(OUTPUT_QUIET_MS - quietFor);
    }
  }
}
