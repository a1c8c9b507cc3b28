// One subject process, measured from the Runtime API's side of the socket: spawn to its first
// GET /next (cold init), the first invoke, then warm invokes, throughput and peak RSS.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { BenchRuntimeApi } from "./runtime-api.ts";
import type { Subject } from "./subjects.ts";
import { peakRssMiB } from "./proc-stats.ts";

export interface Sample {
  coldMs: number;
  firstMs?: number;
  warm?: number[];
  throughput?: number;
  peakRssMiB?: number;
}

export type EventSize = "small" | "large";

/** A 100 B JSON event and a 1 MiB one (an array of small records, as real payloads are). */
export function benchEvents(): Record<EventSize, Buffer> {
  const small = Buffer.from(JSON.stringify({ message: "hello from the benchmark", id: 12345, ok: true, tags: ["a", "b", "c"], n: 0.5 }).padEnd(100, " "));
  const items: { id: number; name: string; price: number; tags: string[] }[] = [];
  let json = "";
  for (let i = 0; json.length < 1024 * 1024 - 200; i++) {
    items.push({ id: i, name: `item number ${i}`, price: i * 1.25, tags: ["x", "y"] });
    if (i % 500 === 0) json = JSON.stringify({ items });
  }
  json = JSON.stringify({ items });
  while (json.length > 1024 * 1024) {
    items.pop();
    json = JSON.stringify({ items });
  }
  return { small, large: Buffer.from(json.padEnd(1024 * 1024, " ")) };
}

export async function runOnce(api: BenchRuntimeApi, address: string, subject: Subject, event: Buffer, warmCount: number): Promise<Sample> {
  const started = performance.now();
  const child = spawn(subject.command[0]!, subject.command.slice(1), {
    cwd: subject.cwd,
    env: { PATH: process.env["PATH"] ?? "", AWS_LAMBDA_RUNTIME_API: address, AWS_LAMBDA_FUNCTION_NAME: "bench", ...subject.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  if (subject.kind === "exit") {
    await exited;
    return { coldMs: performance.now() - started };
  }
  const arrived = await Promise.race([api.nextArrival(), exited.then(() => Number.NaN)]);
  if (Number.isNaN(arrived)) throw new Error(`${subject.name} exited before calling /next`);
  const coldMs = arrived - started;
  const first = await api.invoke(event);
  if (!first.path.endsWith("/response") || first.bytes < event.length * 0.8) throw new Error(`${subject.name}: unexpected result ${first.path} (${first.bytes} bytes)`);
  const warm: number[] = [];
  let throughput: number | undefined;
  if (subject.kind === "loop") {
    await api.nextArrival();
    const loopStart = performance.now();
    for (let i = 0; i < warmCount; i++) {
      warm.push((await api.invoke(event)).ms);
      await api.nextArrival();
    }
    throughput = warmCount / ((performance.now() - loopStart) / 1000);
  } else {
    await api.nextArrival();
  }
  const peak = peakRssMiB(child.pid!);
  child.kill("SIGKILL");
  await exited;
  api.reset();
  const sample: Sample = { coldMs, firstMs: first.ms, peakRssMiB: peak };
  if (throughput !== undefined) Object.assign(sample, { warm, throughput });
  return sample;
}
