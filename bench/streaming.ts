// Response streaming through the emulator: time to first byte, throughput and the runtime's
// peak RSS while streaming 200 MB, beside a plain node:http server streaming the same bytes on
// loopback (the baseline), interleaved. Like is compared with like: the Function URL front
// answers plain HTTP, read by the same client code as the baseline; InvokeWithResponseStream
// adds event-stream framing on both sides and is shown beside it. Writes .bench/streaming.json
// (the Function URL figures); redraws the chart.
//   node bench/streaming.ts [--rounds 5]
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { request } from "undici";
import { buildFunction } from "../scripts/build.ts";
import { countPayloadBytes } from "./event-stream-count.ts";
import type { StreamingResults } from "./figures.ts";
import { outputsNote, STREAMING_FILE, writeJson, writeOutputs } from "./results.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 5);
const MEGABYTES = 200;
const TOTAL = MEGABYTES * 1000 * 1000;

interface Emulator {
  child: ChildProcess;
  url: string;
  functionUrl: string;
  lines: string[];
}

async function startEmulator(bootstrap: string): Promise<Emulator> {
  const env = { PATH: process.env["PATH"] ?? "", TSLAMBDA_EMULATOR_ADDRESS: "127.0.0.1:0", TSLAMBDA_FUNCTION_URL_ADDRESS: "127.0.0.1:0" };
  const child = spawn(process.execPath, [bootstrap], { env, stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const urls = await new Promise<{ url: string; functionUrl: string }>((resolve) => {
    let partial = "";
    let url = "";
    let functionUrl = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        url ||= /invoke API on (http:\/\/\S+?)\/2015/.exec(line)?.[1] ?? "";
        functionUrl ||= /function URL on (http:\/\/\S+?)\/?$/.exec(line)?.[1] ?? "";
        if (url && functionUrl) resolve({ url, functionUrl });
      }
    });
  });
  return { child, ...urls, lines };
}

interface Streamed {
  ttfbMs: number;
  totalMs: number;
  bytes: number;
}

/** InvokeWithResponseStream: the event stream, each message's CRCs checked. */
async function eventStream(url: string, event: unknown): Promise<Streamed> {
  const started = performance.now();
  const res = await request(`${url}/2021-11-15/functions/function/response-streaming-invocations`, { method: "POST", body: JSON.stringify(event) });
  let ttfb = 0;
  const bytes = await countPayloadBytes(res.body as AsyncIterable<Buffer>, () => (ttfb = performance.now() - started));
  return { ttfbMs: ttfb, totalMs: performance.now() - started, bytes };
}

/** The Function URL front: plain HTTP, read exactly as the baseline is. */
function functionUrlStream(functionUrl: string, event: unknown): Promise<Streamed> {
  return readPlain(functionUrl + "/", { method: "POST", body: JSON.stringify(event) });
}

async function plainServer(): Promise<{ url: string; close(): void }> {
  const block = Buffer.alloc(64 * 1024, 0x61);
  const server = createServer(async (req, res) => {
    const total = Number(new URL(req.url ?? "/", "http://x").searchParams.get("bytes"));
    res.writeHead(200, { "content-type": "application/octet-stream" });
    for (let sent = 0; sent < total; sent += block.length) {
      const piece = total - sent < block.length ? block.subarray(0, total - sent) : block;
      if (!res.write(piece)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function plainStream(url: string, bytes: number): Promise<Streamed> {
  return readPlain(`${url}/?bytes=${bytes}`, { method: "GET" });
}

async function readPlain(url: string, options: { method: "GET" | "POST"; body?: string }): Promise<Streamed> {
  const started = performance.now();
  const res = await request(url, options);
  let ttfb = 0;
  let got = 0;
  for await (const chunk of res.body) {
    if (got === 0) ttfb = performance.now() - started;
    got += (chunk as Buffer).length;
  }
  return { ttfbMs: ttfb, totalMs: performance.now() - started, bytes: got };
}

function report(name: string, ttfb: number[], plainTtfb: number[], mbps: number[], plainMbps: number[]): void {
  const ratios = mbps.map((m, i) => m / plainMbps[i]!);
  console.log(`${name}`);
  console.log(`  time to first byte: ${median(ttfb).toFixed(2)} ms (baseline ${median(plainTtfb).toFixed(2)} ms, +${(median(ttfb) - median(plainTtfb)).toFixed(2)} ms)`);
  console.log(`  throughput, ${MEGABYTES} MB: ${median(mbps).toFixed(0)} MB/s (baseline ${median(plainMbps).toFixed(0)} MB/s, ratio ${(median(mbps) / median(plainMbps)).toFixed(2)}, median paired ratio ${median(ratios).toFixed(2)})`);
}

async function main(): Promise<void> {
  const outDir = ".bench/stream-probe";
  await buildFunction({ functionDir: "test/fixtures/functions/stream-probe", outDir });
  const emulator = await startEmulator(`${outDir}/bootstrap`);
  const plain = await plainServer();
  const first = Buffer.from("first chunk").toString("base64");
  const kinds = ["url", "events"] as const;
  const samples = {
    url: { ttfb: [] as number[], plainTtfb: [] as number[], mbps: [] as number[], plainMbps: [] as number[] },
    events: { ttfb: [] as number[], plainTtfb: [] as number[], mbps: [] as number[], plainMbps: [] as number[] },
    rss: [] as number[],
  };
  const stream = (kind: (typeof kinds)[number], event: unknown) => (kind === "url" ? functionUrlStream(emulator.functionUrl, event) : eventStream(emulator.url, event));

  for (const kind of kinds) await stream(kind, { chunks: [first] }); // cold start out of the way
  for (let round = 0; round < ROUNDS; round++) {
    // Each lambda sample is paired with a baseline sample taken right after it.
    for (let i = 0; i < 10; i++) {
      for (const kind of kinds) {
        samples[kind].ttfb.push((await stream(kind, { chunks: [first] })).ttfbMs);
        samples[kind].plainTtfb.push((await plainStream(plain.url, 11)).ttfbMs);
      }
    }
    for (const kind of kinds) {
      const big = await stream(kind, { megabytes: MEGABYTES });
      if (big.bytes !== TOTAL) throw new Error(`streamed ${big.bytes} bytes, expected ${TOTAL}`);
      samples[kind].mbps.push(MEGABYTES / (big.totalMs / 1000));
      const report = emulator.lines.filter((l) => l.startsWith("REPORT")).at(-1) ?? "";
      samples.rss.push(Number(/Max Memory Used: (\d+) MB/.exec(report)?.[1] ?? Number.NaN));
      const base = await plainStream(plain.url, TOTAL);
      if (base.bytes !== TOTAL) throw new Error(`the baseline streamed ${base.bytes} bytes, expected ${TOTAL}`);
      samples[kind].plainMbps.push(MEGABYTES / (base.totalMs / 1000));
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  emulator.child.kill("SIGTERM");
  plain.close();

  console.log(`\nstreaming through the emulator (medians of ${ROUNDS} rounds; baseline: plain node:http server on loopback, same run, interleaved)`);
  report("Function URL (plain HTTP, like the baseline)", samples.url.ttfb, samples.url.plainTtfb, samples.url.mbps, samples.url.plainMbps);
  report("InvokeWithResponseStream (event-stream framing, CRCs checked)", samples.events.ttfb, samples.events.plainTtfb, samples.events.mbps, samples.events.plainMbps);
  console.log(`runtime peak RSS while streaming ${MEGABYTES} MB (REPORT Max Memory Used): ${median(samples.rss)} MB`);
  // The chart shows the like-for-like path: the Function URL against the plain server.
  const { url } = samples;
  const results: StreamingResults = { rounds: ROUNDS, megabytes: MEGABYTES, ttfbMs: median(url.ttfb), baselineTtfbMs: median(url.plainTtfb), mbPerS: median(url.mbps), baselineMbPerS: median(url.plainMbps), peakRssMB: median(samples.rss) };
  writeJson(STREAMING_FILE, results);
  if (writeOutputs()) console.log(outputsNote());
}

await main();
