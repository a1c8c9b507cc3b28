// What /proc says of a live child process: its peak resident memory and its CPU time so far.
import { readdirSync, readFileSync } from "node:fs";

/** VmHWM: the most resident memory the process has had, in MiB. */
export function peakRssMiB(pid: number): number {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** CPU time of every thread of the process so far, in ms (schedstat: nanoseconds on a CPU). */
export function cpuMs(pid: number): number {
  let ns = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return ns / 1e6;
}
