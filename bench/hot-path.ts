// The invoke hot path, paired: cold init (spawn → first /next), first invoke, warm 100 B invoke
// and peak RSS after N invokes, for subjects interleaved process by process (shuffled per round)
// because this machine drifts between minutes. Subjects come from a JSON file:
//   [{ "name": "...", "command": ["node", "..."], "env": {...}, "cwd": "..." }, ...]
//   node bench/hot-path.ts --subjects FILE [--rounds 15] [--invokes 2000] [--memory 128]
// --invokes 1 measures start-up alone. HOT_RSS_DETAIL=1 prints each process's RssAnon/RssFile;
// HOT_STOP_SIGNAL=SIGTERM stops subjects so they can exit cleanly (e.g. to write --cpu-prof).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { BenchRuntimeApi } from "./runtime-api.ts";
import { median, quantile, shuffle } from "./stats.ts";
import { peakRssMiB } from "./proc-stats.ts";

interface Subject {
  name: string;
  command: string[];
  env?: Record<string, string>;
  cwd?: string;
}

interface Sample {
  coldMs: number;
  firstMs: number;
  warmMs: number;
  warmP99Ms: number;
  /** Peak RSS when the first /next arrived (after init). */
  initRssMiB: number;
  peakRssMiB: number;
}

const { values } = parseArgs({
  options: { subjects: { type: "string" }, rounds: { type: "string" }, invokes: { type: "string" }, memory: { type: "string" } },
});
if (!values.subjects) throw new Error("--subjects FILE is required");
const subjects = JSON.parse(readFileSync(values.subjects, "utf8")) as Subject[];
const ROUNDS = Number(values.rounds ?? 15);
const INVOKES = Number(values.invokes ?? 2000);
const MEMORY = values.memory ?? "128";
const event = Buffer.from(JSON.stringify({ message: "hello from the benchmark", id: 12345, ok: true, tags: ["a", "b", "c"], n: 0.5 }).padEnd(100, " "));

async function runOnce(api: BenchRuntimeApi, address: string, subject: Subject): Promise<Sample> {
  const started = performance.now();
  const child = spawn(subject.command[0]!, subject.command.slice(1), {
    cwd: subject.cwd,
    env: {
      PATH: process.env["PATH"] ?? "",
      AWS_LAMBDA_RUNTIME_API: address,
      AWS_LAMBDA_FUNCTION_NAME: "bench",
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: MEMORY,
      AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/bench",
      AWS_LAMBDA_LOG_STREAM_NAME: "bench",
      ...subject.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const arrived = await Promise.race([api.nextArrival(), exited.then(() => Number.NaN)]);
  if (Number.isNaN(arrived)) throw new Error(`${subject.name} exited before calling /next`);
  const coldMs = arrived - started;
  const initRss = peakRssMiB(child.pid!);
  const first = await api.invoke(event);
  if (!first.path.endsWith("/response") || first.bytes < event.length * 0.8) throw new Error(`${subject.name}: unexpected result ${first.path} (${first.bytes} bytes)`);
  const warm: number[] = [];
  await api.nextArrival();
  for (let i = 1; i < INVOKES; i++) {
    warm.push((await api.invoke(event)).ms);
    await api.nextArrival();
  }
  const peak = peakRssMiB(child.pid!);
  if (process.env["HOT_RSS_DETAIL"]) process.stderr.write(`${subject.name}: ${readFileSync(`/proc/${child.pid}/status`, "utf8").split("\n").filter((l) => /^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem)/.test(l)).join(" ").replace(/\s+/g, " ")}\n`);
  child.kill(process.env["HOT_STOP_SIGNAL"] === "SIGTERM" ? "SIGTERM" : "SIGKILL");
  await exited;
  api.reset();
  return { coldMs, firstMs: first.ms, warmMs: median(warm), warmP99Ms: quantile(warm, 0.99), initRssMiB: initRss, peakRssMiB: peak };
}

const api = new BenchRuntimeApi();
const address = await api.listen();
const samples = new Map<string, Sample[]>(subjects.map((s) => [s.name, []]));
console.log(`node ${process.version}, ${ROUNDS} rounds, ${INVOKES} invokes per process, memory ${MEMORY} MB`);
for (let round = 0; round < ROUNDS; round++) {
  for (const subject of shuffle(subjects)) samples.get(subject.name)!.push(await runOnce(api, address, subject));
  process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
}
await api.close();

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3));
const columns = ["coldMs", "firstMs", "warmMs", "warmP99Ms", "initRssMiB", "peakRssMiB"] as const;
console.log(`subject\t${columns.join("\t")}`);
for (const subject of subjects) {
  const list = samples.get(subject.name)!;
  console.log(`${subject.name}\t${columns.map((c) => fmt(median(list.map((s) => s[c])))).join("\t")}`);
}
// Paired, per round: each subject against the first one listed (the reference).
const reference = samples.get(subjects[0]!.name)!;
console.log(`\nmedian of per-round differences against ${subjects[0]!.name}:`);
for (const subject of subjects.slice(1)) {
  const list = samples.get(subject.name)!;
  console.log(`${subject.name}\t${columns.map((c) => fmt(median(list.map((s, i) => s[c] - reference[i]![c])))).join("\t")}`);
}
