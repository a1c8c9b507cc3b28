// Response streaming through the emulator: time to first byte, throughput and the runtime's
// peak RSS while streaming 200 MB, beside a plain node:http server streaming the same bytes on
// loopback (the baseline), interleaved. Writes .bench/streaming.json; redraws the chart.
//   node bench/streaming.ts [--rounds 5]
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { request } from "undici";
import { buildFunction } from "../scripts/build.ts";
import { EventStreamReader } from "../test/helpers/event-stream-reader.ts";
import { outputsNote, STREAMING_FILE, writeJson, writeOutputs } from "./results.ts";
import type { StreamingResults } from "./figures.ts";
import { median } from "./stats.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 5);
const MEGABYTES = 200;
const TOTAL = MEGABYTES * 1000 * 1000;

async function startEmulator(bootstrap: string): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn(process.execPath, [bootstrap], { env: { PATH: process.env["PATH"] ?? "", TSLAMBDA_EMULATOR_ADDRESS: "127.0.0.1:0" }, stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  const url = await new Promise<string>((resolve) => {
    let partial = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        const ready = /invoke API on (http:\/\/\S+?)\/2015/.exec(line);
        if (ready) resolve(ready[1]!);
      }
    });
  });
  return { child, url, lines };
}

async function lambdaStream(url: string, event: unknown): Promise<{ ttfbMs: number; totalMs: number; bytes: number }> {
  const started = performance.now();
  const res = await request(`${url}/2021-11-15/functions/function/response-streaming-invocations`, { method: "POST", body: JSON.stringify(event) });
  const reader = new EventStreamReader(res.body);
  let ttfb = 0;
  let bytes = 0;
  for (let m = await reader.next(); m !== undefined; m = await reader.next()) {
    if (m.headers[":event-type"] === "PayloadChunk") {
      if (bytes === 0) ttfb = performance.now() - started;
      bytes += m.payload.length;
    }
  }
  return { ttfbMs: ttfb, totalMs: performance.now() - started, bytes };
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

async function plainStream(url: string, bytes: number): Promise<{ ttfbMs: number; totalMs: number; bytes: number }> {
  const started = performance.now();
  const res = await request(`${url}/?bytes=${bytes}`);
  let ttfb = 0;
  let got = 0;
  for await (const chunk of res.body) {
    if (got === 0) ttfb = performance.now() - started;
    got += (chunk as Buffer).length;
  }
  return { ttfbMs: ttfb, totalMs: performance.now() - started, bytes: got };
}

async function main(): Promise<void> {
  const outDir = ".bench/stream-probe";
  await buildFunction({ functionDir: "test/fixtures/functions/stream-probe", outDir });
  const emulator = await startEmulator(`${outDir}/bootstrap`);
  const plain = await plainServer();
  const first = Buffer.from("first chunk").toString("base64");
  const samples = { ttfb: [] as number[], plainTtfb: [] as number[], mbps: [] as number[], plainMbps: [] as number[], rss: [] as number[] };

  await lambdaStream(emulator.url, { chunks: [first] }); // cold start out of the way
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < 10; i++) {
      samples.ttfb.push((await lambdaStream(emulator.url, { chunks: [first] })).ttfbMs);
      samples.plainTtfb.push((await plainStream(plain.url, 11)).ttfbMs);
    }
    const big = await lambdaStream(emulator.url, { megabytes: MEGABYTES });
    if (big.bytes !== TOTAL) throw new Error(`streamed ${big.bytes} bytes, expected ${TOTAL}`);
    samples.mbps.push(MEGABYTES / (big.totalMs / 1000));
    const report = emulator.lines.filter((l) => l.startsWith("REPORT")).at(-1) ?? "";
    samples.rss.push(Number(/Max Memory Used: (\d+) MB/.exec(report)?.[1] ?? Number.NaN));
    const base = await plainStream(plain.url, TOTAL);
    samples.plainMbps.push(MEGABYTES / (base.totalMs / 1000));
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  emulator.child.kill("SIGTERM");
  plain.close();

  const ttfb = median(samples.ttfb);
  const plainTtfb = median(samples.plainTtfb);
  const mbps = median(samples.mbps);
  const plainMbps = median(samples.plainMbps);
  console.log(`\nstreaming through the emulator (medians of ${ROUNDS} rounds; baseline: plain node:http server on loopback, same run)`);
  console.log(`time to first byte: ${ttfb.toFixed(2)} ms (baseline ${plainTtfb.toFixed(2)} ms, ratio ${(ttfb / plainTtfb).toFixed(2)})`);
  console.log(`throughput, ${MEGABYTES} MB: ${mbps.toFixed(0)} MB/s (baseline ${plainMbps.toFixed(0)} MB/s, ratio ${(mbps / plainMbps).toFixed(2)})`);
  console.log(`runtime peak RSS while streaming ${MEGABYTES} MB (REPORT Max Memory Used): ${median(samples.rss)} MB`);
  const results: StreamingResults = { rounds: ROUNDS, megabytes: MEGABYTES, ttfbMs: ttfb, baselineTtfbMs: plainTtfb, mbPerS: mbps, baselineMbPerS: plainMbps, peakRssMB: median(samples.rss) };
  writeJson(STREAMING_FILE, results);
  if (writeOutputs()) console.log(outputsNote());
}

await main();
