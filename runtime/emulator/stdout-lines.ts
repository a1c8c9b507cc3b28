// The emulator's log lines on stdout, batched: one write every few milliseconds (or at once past
// 64 KiB) rather than one per line. A write to a pipe is synchronous and wakes its reader, and
// it was on every invoke's path: the START line went out before the invoke reached the runtime,
// and END and REPORT while the caller was reading the answer. Batched, an invoke's lines leave
// together a little later, in the order they were printed; what is pending goes out at exit.

/** How long a line may wait for others: too short to notice in a log, long enough for an invoke. */
const FLUSH_DELAY_MS = 10;
const FLUSH_BYTES = 64 * 1024;

let pending: string[] = [];
let pendingBytes = 0;
let timer: NodeJS.Timeout | undefined;
let exitHooked = false;

function flush(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (pending.length === 0) return;
  const text = pending.join("");
  pending = [];
  pendingBytes = 0;
  process.stdout.write(text);
}

/** Prints one line on stdout, soon. */
export function printLine(line: string): void {
  pending.push(`${line}\n`);
  pendingBytes += line.length + 1;
  if (pendingBytes >= FLUSH_BYTES) return flush();
  if (timer !== undefined) return;
  if (!exitHooked) {
    exitHooked = true;
    process.on("exit", flush);
  }
  timer = setTimeout(flush, FLUSH_DELAY_MS);
}
