// npm run bench (part): Lambda Managed Instances. The concurrent demo (awaits 100 ms, echoes)
// under a closed loop of N outstanding invokes, against a Runtime API on loopback that parks any
// number of /next calls. Subjects: classic mode (one invoke at a time), async pollers in one
// process (the runtime's design) and worker threads (bench/worker-pollers.mjs), at N = 1, 8, 64;
// interleaved round by round, medians of the rounds.
//   node bench/concurrency.ts [--rounds 3] [--invokes 640 (at N = 8; scaled by N)] [--only REGEX] [--runtime-flags "--cpu-prof ..."]
// --only keeps classic and the subjects whose name matches; --runtime-flags go to the runtime's node (to profile it).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { buildFunction } from "../scripts/build.ts";
import { median, quantile, shuffle } from "./stats.ts";
import { cpuMs, peakRssMiB } from "./proc-stats.ts";
import { runtimeCommand } from "../runtime/node-flags.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" }, invokes: { type: "string" }, only: { type: "string" }, "runtime-flags": { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 3);
const INVOKES = Number(values.invokes ?? 640);
const ONLY = new RegExp(values.only ?? "");
const RUNTIME_FLAGS = (values["runtime-flags"] ?? "").split(" ").filter(Boolean);

/** A Runtime API that hands queued events to parked /next calls, any number at once. */
class ConcurrentRuntimeApi {
  readonly #server = createServer((req, res) => this.#handle(req.method ?? "", req, res));
  readonly #parked: ServerResponse[] = [];
  readonly #queued: { id: string; body: Buffer }[] = [];
  readonly #pending = new Map<string, () => void>();
  readonly sockets = new Set<import("node:net").Socket>();
  #counter = 0;

  async listen(): Promise<string> {
    this.#server.keepAliveTimeout = 0;
    this.#server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((done) => this.#server.listen(0, "127.0.0.1", done));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get parked(): number {
    return this.#parked.length;
  }

  invoke(body: Buffer): Promise<void> {
    const id = `c-${++this.#counter}`;
    return new Promise((done) => {
      this.#pending.set(id, done);
      const res = this.#parked.shift();
      if (res) this.#send(res, id, body);
      else this.#queued.push({ id, body });
    });
  }

  #send(res: ServerResponse, id: string, body: Buffer): void {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": body.length,
      "lambda-runtime-aws-request-id": id,
      "lambda-runtime-deadline-ms": String(Date.now() + 300_000),
      "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:123456789012:function:bench",
      "lambda-runtime-trace-id": `Root=1-00000000-${id.padStart(24, "0")};Sampled=0`,
    });
    res.end(body);
  }

  #handle(method: string, req: import("node:http").IncomingMessage, res: ServerResponse): void {
    if (method === "GET") {
      const next = this.#queued.shift();
      if (next) this.#send(res, next.id, next.body);
      else this.#parked.push(res);
      return;
    }
    req.resume();
    req.on("end", () => {
      res.writeHead(202, { "content-length": 15 });
      res.end('{"status":"OK"}');
      const id = /invocation\/([^/]+)\//.exec(req.url ?? "")?.[1] ?? "";
      this.#pending.get(id)?.();
      this.#pending.delete(id);
    });
  }

  reset(): void {
    for (const socket of this.sockets) socket.destroy();
    this.#parked.length = 0;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((done) => this.#server.close(() => done()));
  }
}

interface Subject {
  name: string;
  n: number;
  command: string[];
  env: Record<string, string>;
}

interface Sample {
  throughput: number;
  p99Ms: number;
  medianMs: number;
  peakRssMB: number;
  /** CPU time per invoke, of the runtime (all its threads) and of this harness: load-independent. */
  runtimeCpuUs: number;
  harnessCpuUs: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function runOnce(api: ConcurrentRuntimeApi, address: string, taskRoot: string, subject: Subject, count: number): Promise<Sample> {
  // The environment Lambda gives every runtime: task root (also the working directory) and handler.
  const child = spawn(subject.command[0]!, subject.command.slice(1), {
    cwd: taskRoot,
    env: { PATH: process.env["PATH"] ?? "", AWS_LAMBDA_RUNTIME_API: address, AWS_LAMBDA_FUNCTION_NAME: "bench", LAMBDA_TASK_ROOT: taskRoot, _HANDLER: "index.handler", ...subject.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let gone = false;
  const exited = new Promise<void>((done) => child.once("exit", () => ((gone = true), done())));
  while (api.parked < subject.n) {
    if (gone) throw new Error(`${subject.name} exited before it polled /next (its stderr is above)`);
    await sleep(5);
  }
  const event = Buffer.from('{"hello":"world"}');
  const latencies: number[] = [];
  let sent = 0;
  const started = performance.now();
  const runtimeCpuBefore = cpuMs(child.pid!) * 1000;
  const harnessCpuBefore = process.cpuUsage();
  // Closed loop: N callers, each sends its next invoke when its last one is answered.
  await Promise.all(
    Array.from({ length: subject.n }, async () => {
      while (sent < count) {
        sent++;
        const t = performance.now();
        await api.invoke(event);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const throughput = count / ((performance.now() - started) / 1000);
  const harnessCpu = process.cpuUsage(harnessCpuBefore);
  const runtimeCpuUs = (cpuMs(child.pid!) * 1000 - runtimeCpuBefore) / count;
  const harnessCpuUs = (harnessCpu.user + harnessCpu.system) / count;
  const peak = peakRssMiB(child.pid!);
  // SIGTERM lets a profiled runtime write its profile on the way out (the runtime exits on it).
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 2000);
  await exited;
  clearTimeout(killer);
  api.reset();
  return { throughput, p99Ms: quantile(latencies, 0.99), medianMs: median(latencies), peakRssMB: peak, runtimeCpuUs, harnessCpuUs };
}

async function main(): Promise<void> {
  const outDir = resolve(".bench", "concurrent");
  mkdirSync(outDir, { recursive: true });
  await buildFunction({ functionDir: "demos/concurrent", outDir });
  const bootstrap = join(outDir, "bootstrap");
  const taskRoot = join(outDir, "task");
  const node = process.execPath;
  const all: Subject[] = [{ name: "classic", n: 1, command: runtimeCommand(bootstrap, RUNTIME_FLAGS), env: {} }];
  for (const n of [1, 8, 64]) {
    // N = 1 in Managed Instances mode is AWS_LAMBDA_MAX_CONCURRENCY=1, i.e. classic: the runtime treats it so.
    if (n > 1) all.push({ name: `async pollers N=${n}`, n, command: runtimeCommand(bootstrap, RUNTIME_FLAGS), env: { AWS_LAMBDA_MAX_CONCURRENCY: String(n) } });
    // The floor: N bare pollers (bench/minimal-pollers.mjs), what no runtime can beat on this harness.
    if (n > 1) all.push({ name: `minimal pollers N=${n}`, n, command: [node, ...RUNTIME_FLAGS, resolve("bench/minimal-pollers.mjs")], env: { AWS_LAMBDA_MAX_CONCURRENCY: String(n) } });
    if (n > 1) all.push({ name: `worker threads N=${n}`, n, command: [...runtimeCommand(resolve("bench/worker-pollers.mjs"), RUNTIME_FLAGS), bootstrap], env: { AWS_LAMBDA_MAX_CONCURRENCY: String(n), WORKERS: "2" } });
  }
  // Classic stays: it is what the others are compared with.
  const subjects = all.filter((s) => s.name === "classic" || ONLY.test(s.name));
  const api = new ConcurrentRuntimeApi();
  const address = await api.listen();
  const samples = new Map<string, Sample[]>();
  console.log(`node ${process.version}, ${ROUNDS} rounds, ${INVOKES} invokes per subject per round, handler awaits 100 ms`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const subject of shuffle(subjects)) {
      // Every subject runs about as long (INVOKES at N = 8, ~8 s): at N = 64 a fixed count was
      // ten rounds of 100 ms (1 s), in which the cold start of the invoke path (code not yet
      // optimised, all N invokes arriving at once) weighed a third of the run. An environment
      // serves for hours: the steady state is what counts.
      const count = Math.ceil((INVOKES * subject.n) / 8);
      const list = samples.get(subject.name) ?? [];
      list.push(await runOnce(api, address, taskRoot, subject, count));
      samples.set(subject.name, list);
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  await api.close();
  const classic = median((samples.get("classic") ?? []).map((s) => s.throughput));
  const rows = subjects.map((s) => {
    const list = samples.get(s.name) ?? [];
    const throughput = median(list.map((x) => x.throughput));
    return {
      subject: s.name,
      throughputPerS: Math.round(throughput * 10) / 10,
      vsClassicTimesN: Math.round((throughput / (classic * s.n)) * 100) / 100,
      medianMs: Math.round(median(list.map((x) => x.medianMs)) * 10) / 10,
      p99Ms: Math.round(median(list.map((x) => x.p99Ms)) * 10) / 10,
      peakRssMB: Math.round(median(list.map((x) => x.peakRssMB)) * 10) / 10,
      runtimeCpuUsPerInvoke: Math.round(median(list.map((x) => x.runtimeCpuUs))),
      harnessCpuUsPerInvoke: Math.round(median(list.map((x) => x.harnessCpuUs))),
    };
  });
  console.table(rows);
}

await main();
