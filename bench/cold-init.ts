// Cold init alone (spawn → the first GET /next on a loopback Runtime API) of the echo demo and the
// DynamoDB bench function, beside the floor (`node -e 0` and bench/minimal-loop.mjs), subjects
// interleaved in a new order every round. Besides wall time it reports the CPU time the process
// had used by its first /next (all its threads, from /proc/<pid>/task/*/schedstat), which a busy
// machine disturbs far less than wall time. Medians, and the median of round-by-round differences
// from the minimal loop.
// --build a/b sets the functions built from this checkout (echo, dynamodb; both by default);
// --dir NAME=DIR (repeatable) adds a function built elsewhere (a baseline build, for paired A/B);
// --baseline NAME adds the median of round-by-round differences from that subject.
//   node bench/cold-init.ts [--rounds 20] [--no-cache] [--build dynamodb] [--dir base=DIR] [--baseline base]
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { buildFunction } from "../scripts/build.ts";
import { BenchRuntimeApi } from "./runtime-api.ts";
import { median, shuffle } from "./stats.ts";
import { cpuMs } from "./proc-stats.ts";
import { runtimeCommand } from "../runtime/node-flags.ts";

const { values } = parseArgs({
  options: { rounds: { type: "string" }, "no-cache": { type: "boolean" }, build: { type: "string" }, dir: { type: "string", multiple: true }, baseline: { type: "string" } },
});
const ROUNDS = Number(values.rounds ?? 20);

interface Subject {
  name: string;
  command: string[];
  env?: Record<string, string>;
  /** Exits at once: only its wall time is measured. */
  exits?: boolean;
}

async function subjects(): Promise<Subject[]> {
  const node = process.execPath;
  const out = resolve(".bench", "cold-init");
  const built: Subject[] = [];
  const wanted = new Set((values.build ?? "echo,dynamodb").split(",").filter(Boolean));
  for (const [name, functionDir] of [["echo", "demos/echo"], ["dynamodb", "bench/functions/dynamodb"]] as const) {
    if (!wanted.has(name)) continue;
    const outDir = join(out, name);
    await buildFunction({ functionDir, outDir, say: () => {} });
    if (values["no-cache"]) rmSync(join(outDir, "compile-cache"), { recursive: true, force: true });
    built.push({ name, command: runtimeCommand(join(outDir, "bootstrap")), env: { LAMBDA_TASK_ROOT: join(outDir, "task"), _HANDLER: "index.handler" } });
  }
  for (const spec of values.dir ?? []) {
    const [name, dir] = spec.split("=") as [string, string | undefined];
    if (!dir) throw new Error(`--dir ${spec}: expected NAME=DIR`);
    built.push({ name, command: runtimeCommand(join(resolve(dir), "bootstrap")), env: { LAMBDA_TASK_ROOT: join(resolve(dir), "task"), _HANDLER: "index.handler" } });
  }
  return [{ name: "node -e 0", command: [node, "-e", "0"], exits: true }, { name: "minimal loop", command: [node, resolve("bench/minimal-loop.mjs")] }, ...built];
}

async function once(api: BenchRuntimeApi, address: string, subject: Subject): Promise<{ wall: number; cpu?: number }> {
  const started = performance.now();
  const child = spawn(subject.command[0]!, subject.command.slice(1), {
    env: { PATH: process.env["PATH"] ?? "", AWS_LAMBDA_RUNTIME_API: address, AWS_LAMBDA_FUNCTION_NAME: "bench", AWS_REGION: "us-east-1", ...subject.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  if (subject.exits) {
    await exited;
    return { wall: performance.now() - started };
  }
  const arrived = await Promise.race([api.nextArrival(), exited.then(() => Number.NaN)]);
  if (Number.isNaN(arrived)) throw new Error(`${subject.name} exited before calling /next`);
  const cpu = cpuMs(child.pid!);
  const result = await api.invoke(Buffer.from('{"hello":"cold"}'));
  if (!result.path.endsWith("/response")) throw new Error(`${subject.name}: ${result.path}`);
  await api.nextArrival();
  child.kill("SIGKILL");
  await exited;
  api.reset();
  return { wall: arrived - started, cpu };
}

const list = await subjects();
const api = new BenchRuntimeApi();
const address = await api.listen();
const samples = new Map(list.map((s) => [s.name, [] as { wall: number; cpu?: number }[]]));
for (const s of list) await once(api, address, s); // the page cache, once
for (let round = 0; round < ROUNDS; round++) for (const s of shuffle(list)) samples.get(s.name)!.push(await once(api, address, s));
await api.close();

const floor = samples.get("minimal loop")!;
const base = values.baseline === undefined ? undefined : samples.get(values.baseline);
if (values.baseline !== undefined && base === undefined) throw new Error(`--baseline ${values.baseline}: no such subject`);
const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "" : n.toFixed(1));
const rows = list.map((s) => {
  const xs = samples.get(s.name)!;
  const cpu = xs.flatMap((x) => (x.cpu === undefined ? [] : [x.cpu]));
  return {
    subject: s.name,
    wallMs: fmt(median(xs.map((x) => x.wall))),
    wallVsLoopMs: fmt(median(xs.map((x, i) => x.wall - floor[i]!.wall))),
    cpuMs: fmt(cpu.length ? median(cpu) : undefined),
    cpuVsLoopMs: fmt(cpu.length ? median(xs.map((x, i) => x.cpu! - floor[i]!.cpu!)) : undefined),
    ...(base === undefined ? {} : { wallVsBaseMs: fmt(median(xs.map((x, i) => x.wall - base[i]!.wall))), cpuVsBaseMs: fmt(cpu.length ? median(xs.map((x, i) => x.cpu! - base[i]!.cpu!)) : undefined) }),
  };
});
console.log(`cold init, ${ROUNDS} rounds${values["no-cache"] ? ", no compile cache" : ""}; load ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
console.table(rows);
