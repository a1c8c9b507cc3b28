// npm run bench: the echo demo against a Runtime API on loopback, beside the floor (`node -e 0`
// and a minimal node:http loop) measured in the same run, subjects interleaved process by
// process because this machine drifts between minutes.
//   node bench/run.ts [--rounds 7] [--warm 300] [--warm-large 40]
import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { buildFunction } from "../scripts/build.ts";
import { BenchRuntimeApi } from "./runtime-api.ts";
import { median, quantile, shuffle } from "./stats.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" }, warm: { type: "string" }, "warm-large": { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 7);
const WARM = { small: Number(values.warm ?? 300), large: Number(values["warm-large"] ?? 40) };

const outDir = resolve(".bench");
mkdirSync(outDir, { recursive: true });

interface Subject {
  name: string;
  command: string[];
  env?: Record<string, string>;
  bundle?: string;
  /** Only measured for start-up (it exits at once). */
  coldOnly?: boolean;
}

async function buildSubjects(): Promise<Subject[]> {
  const nodeHttp = join(outDir, "echo-node-http");
  const undici = join(outDir, "echo-undici");
  await buildFunction({ functionDir: "demos/echo", outDir: nodeHttp });
  await buildFunction({ functionDir: "demos/echo", outDir: undici, transport: "undici" });
  const node = process.execPath;
  // As Lambda sets them: the function's task directory and handler.
  const lambda = (dir: string, extra: Record<string, string> = {}) => ({ LAMBDA_TASK_ROOT: join(dir, "task"), _HANDLER: "index.handler", ...extra });
  return [
    { name: "node -e 0", command: [node, "-e", "0"], coldOnly: true },
    { name: "minimal loop", command: [node, resolve("bench/minimal-loop.mjs")], bundle: resolve("bench/minimal-loop.mjs") },
    { name: "tslambda json", command: [node, join(nodeHttp, "bootstrap")], env: lambda(nodeHttp), bundle: join(nodeHttp, "bootstrap") },
    { name: "tslambda raw", command: [node, join(nodeHttp, "bootstrap")], env: lambda(nodeHttp, { ECHO_MODE: "raw" }), bundle: join(nodeHttp, "bootstrap") },
    { name: "tslambda json (undici)", command: [node, join(undici, "bootstrap")], env: lambda(undici), bundle: join(undici, "bootstrap") },
    { name: "tslambda raw (undici)", command: [node, join(undici, "bootstrap")], env: lambda(undici, { ECHO_MODE: "raw" }), bundle: join(undici, "bootstrap") },
  ];
}

function events(): Record<"small" | "large", Buffer> {
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

interface Sample {
  coldMs: number;
  firstMs?: number;
  warm?: number[];
  throughput?: number;
  peakRssMB?: number;
}

function peakRssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

async function runOnce(api: BenchRuntimeApi, address: string, subject: Subject, event: Buffer, warmCount: number): Promise<Sample> {
  const started = performance.now();
  const child = spawn(subject.command[0]!, subject.command.slice(1), {
    env: { PATH: process.env["PATH"] ?? "", AWS_LAMBDA_RUNTIME_API: address, AWS_LAMBDA_FUNCTION_NAME: "bench", ...subject.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  if (subject.coldOnly) {
    await exited;
    return { coldMs: performance.now() - started };
  }
  const arrived = await Promise.race([api.nextArrival(), exited.then(() => Number.NaN)]);
  if (Number.isNaN(arrived)) throw new Error(`${subject.name} exited before calling /next`);
  const coldMs = arrived - started;
  const first = await api.invoke(event);
  if (!first.path.endsWith("/response") || first.bytes < event.length * 0.8) throw new Error(`${subject.name}: unexpected result ${first.path} (${first.bytes} bytes)`);
  const warm: number[] = [];
  await api.nextArrival();
  const loopStart = performance.now();
  for (let i = 0; i < warmCount; i++) {
    warm.push((await api.invoke(event)).ms);
    await api.nextArrival();
  }
  const throughput = warmCount / ((performance.now() - loopStart) / 1000);
  const peak = peakRssMB(child.pid!);
  child.kill("SIGKILL");
  await exited;
  api.reset();
  return { coldMs, firstMs: first.ms, warm, throughput, peakRssMB: peak };
}

function jsonCostMs(event: Buffer): number {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    JSON.stringify(JSON.parse(event.toString("utf8")));
    times.push(performance.now() - t);
  }
  return median(times.slice(5));
}

async function main(): Promise<void> {
  const subjects = await buildSubjects();
  const payloads = events();
  const api = new BenchRuntimeApi();
  const address = await api.listen();
  const samples = new Map<string, Sample[]>();
  const key = (s: Subject, size: string) => `${s.name}|${size}`;

  console.log(`node ${process.version}, ${ROUNDS} rounds, warm invokes per process: ${WARM.small} (100 B), ${WARM.large} (1 MiB)`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of ["small", "large"] as const) {
      for (const subject of shuffle(subjects)) {
        if (subject.coldOnly && size === "large") continue;
        const sample = await runOnce(api, address, subject, payloads[size], WARM[size]);
        const list = samples.get(key(subject, size)) ?? [];
        list.push(sample);
        samples.set(key(subject, size), list);
      }
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  await api.close();

  const jsonCost = jsonCostMs(payloads.large);
  const rows: Record<string, unknown>[] = [];
  const summary = (s: Subject, size: "small" | "large") => {
    const list = samples.get(key(s, size)) ?? [];
    const warmMedians = list.map((x) => median(x.warm ?? []));
    return {
      subject: s.name,
      event: size === "small" ? "100 B" : "1 MiB",
      coldInitMs: median(list.map((x) => x.coldMs)),
      firstInvokeMs: median(list.map((x) => x.firstMs ?? Number.NaN)),
      warmMedianMs: median(warmMedians),
      warmP99Ms: median(list.map((x) => quantile(x.warm ?? [], 0.99))),
      throughputPerS: median(list.map((x) => x.throughput ?? Number.NaN)),
      peakRssMB: median(list.map((x) => x.peakRssMB ?? Number.NaN)),
      bundleBytes: s.bundle ? statSync(s.bundle).size : undefined,
    };
  };
  for (const size of ["small", "large"] as const) {
    for (const s of subjects) if (!(s.coldOnly && size === "large")) rows.push(summary(s, size));
  }

  const fmt = (v: unknown) => (typeof v === "number" ? (Number.isNaN(v) ? "-" : v >= 100 ? v.toFixed(0) : v.toFixed(2)) : String(v ?? "-"));
  const columns = ["subject", "event", "coldInitMs", "firstInvokeMs", "warmMedianMs", "warmP99Ms", "throughputPerS", "peakRssMB", "bundleBytes"];
  console.log(`\n${columns.join("\t")}`);
  for (const row of rows) console.log(columns.map((c) => fmt(row[c])).join("\t"));

  const get = (name: string, event: string) => rows.find((r) => r["subject"] === name && r["event"] === event) as Record<string, number>;
  const floorSmall = get("minimal loop", "100 B");
  const floorLarge = get("minimal loop", "1 MiB");
  const checks: [string, number, number, string][] = [];
  for (const variant of ["", " (undici)"]) {
    const json = get(`tslambda json${variant}`, "100 B");
    const jsonLarge = get(`tslambda json${variant}`, "1 MiB");
    const rawLarge = get(`tslambda raw${variant}`, "1 MiB");
    checks.push(
      [`cold init${variant} ≤ floor + 10 ms`, json["coldInitMs"]!, floorSmall["coldInitMs"]! + 10, "ms"],
      [`warm 100 B${variant} ≤ 1.25 × floor`, json["warmMedianMs"]!, floorSmall["warmMedianMs"]! * 1.25, "ms"],
      [`1 MiB raw${variant} ≤ 1.5 × floor`, rawLarge["warmMedianMs"]!, floorLarge["warmMedianMs"]! * 1.5, "ms"],
      [`1 MiB JSON${variant} ≤ floor + parse/stringify (${jsonCost.toFixed(2)} ms)`, jsonLarge["warmMedianMs"]!, floorLarge["warmMedianMs"]! + jsonCost, "ms"],
      [`peak RSS${variant} ≤ floor + 10 MB`, jsonLarge["peakRssMB"]!, floorLarge["peakRssMB"]! + 10, "MB"],
    );
  }
  console.log("\nbudgets (medians, same run):");
  for (const [label, value, budget, unit] of checks) {
    console.log(`${value <= budget ? "PASS" : "MISS"}  ${label}: ${value.toFixed(2)} ${unit} (budget ${budget.toFixed(2)} ${unit}; ratio to floor-based budget ${(value / budget).toFixed(2)})`);
  }
  console.log(`\nfloor: node -e 0 cold ${get("node -e 0", "100 B")["coldInitMs"]!.toFixed(2)} ms`);
  writeFileSync(join(outDir, "results.json"), JSON.stringify({ node: process.version, rounds: ROUNDS, warm: WARM, jsonCostMs: jsonCost, rows, checks }, null, 2));
}

await main();
