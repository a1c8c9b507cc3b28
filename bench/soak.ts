// A bounded soak of the emulator: 20,000 invokes of the echo demo through the invoke API, with
// an upload aborted mid-body every 100th request. Prints the emulator's and the runtime's
// resident memory (current and peak) at 1,000 and at 20,000 invokes, and the error count.
//   node bench/soak.ts [--invokes 20000] [--abort-every 100]
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";
import { buildFunction } from "../scripts/build.ts";
import { abortMidBody } from "../test/helpers/raw-http.ts";

const { values } = parseArgs({ options: { invokes: { type: "string" }, "abort-every": { type: "string" } } });
const INVOKES = Number(values.invokes ?? 20_000);
const ABORT_EVERY = Number(values["abort-every"] ?? 100);
const CHECKPOINTS = [1000, INVOKES];
/**
 * Run with V8's default heap sizing, then with a small heap. V8 grows its heap lazily, so the
 * first run's RSS rises towards a steady state; in the second, a leak would show as growth or
 * an out-of-memory exit, so flat figures there mean nothing is kept per invoke.
 */
const CONFIGURATIONS: { name: string; nodeOptions: string | undefined }[] = [
  { name: "V8 defaults", nodeOptions: undefined },
  { name: "small heap (--max-old-space-size=16 --max-semi-space-size=1)", nodeOptions: "--max-old-space-size=16 --max-semi-space-size=1" },
];

interface Memory {
  rssMiB: number;
  peakMiB: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}

function childOf(pid: number): number | undefined {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  return children.length > 0 ? Number(children[0]) : undefined;
}

async function soak(bootstrap: string, nodeOptions: string | undefined): Promise<{ rows: string[]; errors: number; seconds: number }> {
  const emulator = spawn(process.execPath, [bootstrap], {
    // The emulator passes its environment on to the runtime, so both get the same heap flags.
    env: { PATH: process.env["PATH"] ?? "", TSLAMBDA_EMULATOR_ADDRESS: "127.0.0.1:0", ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((done, fail) => {
    let seen = "";
    emulator.stdout!.setEncoding("utf8");
    emulator.stdout!.on("data", (chunk: string) => {
      seen += chunk;
      const match = /invoke API on (http:\/\/\S+)/.exec(seen);
      if (match) done(match[1]!);
      if (seen.length > 1 << 20) seen = seen.slice(-4096);
    });
    emulator.once("exit", (code) => fail(new Error(`emulator exited (${code}) before it was ready`)));
  });
  // Keep the platform lines flowing without holding them.
  emulator.stdout!.removeAllListeners("data");
  emulator.stdout!.resume();

  const dispatcher = new Agent({ connections: 1 });
  const payload = JSON.stringify({ message: "soak", padding: "x".repeat(60) });
  let errors = 0;
  let aborted = 0;
  const rows: string[] = [];
  const started = Date.now();
  for (let i = 1; i <= INVOKES; i++) {
    if (i % ABORT_EVERY === 0) {
      await abortMidBody(url, i % (2 * ABORT_EVERY) === 0 ? "chunked" : "content-length");
      aborted++;
    }
    const res = await request(url, { method: "POST", body: payload, dispatcher });
    const text = await res.body.text();
    if (res.statusCode !== 200 || text !== payload) errors++;
    if (CHECKPOINTS.includes(i)) {
      const runtimePid = childOf(emulator.pid!);
      const emu = memoryOf(emulator.pid!);
      const rt = runtimePid === undefined ? undefined : memoryOf(runtimePid);
      const fmt = (m: Memory | undefined) => (m === undefined ? "–" : `${m.rssMiB.toFixed(1)} / ${m.peakMiB.toFixed(1)}`);
      rows.push(`| ${i.toLocaleString("en")} | ${fmt(emu)} | ${fmt(rt)} | ${aborted} | ${errors} |`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  await dispatcher.close();
  emulator.kill("SIGTERM");
  return { rows, errors, seconds };
}

async function main(): Promise<void> {
  const outDir = resolve(".bench", "soak-echo");
  mkdirSync(outDir, { recursive: true });
  await buildFunction({ functionDir: "demos/echo", outDir });
  console.log(`\nsoak: ${INVOKES} invokes of demos/echo through the emulator, an aborted upload every ${ABORT_EVERY}th (node ${process.version})`);
  let failed = false;
  for (const { name, nodeOptions } of CONFIGURATIONS) {
    const { rows, errors, seconds } = await soak(join(outDir, "bootstrap"), nodeOptions);
    console.log(`\n${name}: ${seconds.toFixed(1)} s`);
    console.log("| invokes | emulator RSS / peak (MiB) | runtime RSS / peak (MiB) | aborted uploads | errors |");
    console.log("|---|---|---|---|---|");
    for (const row of rows) console.log(row);
    failed ||= errors > 0;
  }
  if (failed) process.exitCode = 1;
}

await main();
