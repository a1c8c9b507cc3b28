// npm run bench: the echo demo and a DynamoDB-client function against a Runtime API on loopback,
// under tslambda and (when present) AWS's Runtime Interface Client, beside the floor (`node -e 0`
// and a minimal node:http loop) measured in the same run. Subjects are interleaved process by
// process because this machine drifts between minutes.
// Cold init and the first invoke are also sampled by start-only passes (spawn, /next, one invoke,
// kill), which are cheap: start-up figures need many more rounds than warm ones to be steady here.
//   node bench/run.ts [--rounds 7] [--warm 2000] [--warm-large 40] [--cold-extra 3]
// Writes .bench/results.json, then redraws docs/bench.svg and .bench/results.md (see results.ts).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { pairedColdOverFloor, summarise, type Row, type RunResults } from "./figures.ts";
import { benchEvents, runOnce, type EventSize, type Sample } from "./measure.ts";
import { budgets, budgetsAsText, coldInitAsText, rowsAsText } from "./report.ts";
import { outputsNote, RESULTS_FILE, writeJson, writeOutputs } from "./results.ts";
import { ricVersion } from "./ric.ts";
import { BenchRuntimeApi } from "./runtime-api.ts";
import { median, shuffle } from "./stats.ts";
import { buildSubjects, type Subject } from "./subjects.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" }, warm: { type: "string" }, "warm-large": { type: "string" }, "cold-extra": { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 7);
/** Start-only passes over every subject per round, for the cold-init figures. */
const COLD_EXTRA = Number(values["cold-extra"] ?? 3);
// 2,000 small invokes: issue 12 compares peak RSS after 2,000 invokes.
const WARM: Record<EventSize, number> = { small: Number(values.warm ?? 2000), large: Number(values["warm-large"] ?? 40) };
const SIZES: readonly EventSize[] = ["small", "large"];

const benchDir = resolve(".bench");
mkdirSync(benchDir, { recursive: true });

/** One JSON.parse and JSON.stringify of the event: the least JSON mode must add at 1 MiB. */
function jsonCostMs(event: Buffer): number {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    JSON.stringify(JSON.parse(event.toString("utf8")));
    times.push(performance.now() - t);
  }
  return median(times.slice(5));
}

/** The 1-minute load average, to say how busy the shared machine was. */
const load = () => execFileSync("uptime", { encoding: "utf8" }).replace(/.*load average:\s*/s, "").split(",")[0]!.trim();

async function main(): Promise<void> {
  const { subjects, notes } = await buildSubjects(benchDir);
  for (const note of notes) console.log(`note: ${note}`);
  const payloads = benchEvents();
  const api = new BenchRuntimeApi();
  const address = await api.listen();
  const samples = new Map<string, Sample[]>();
  const key = (s: Subject, size: EventSize) => `${s.name}|${size}`;
  // Only subjects with a warm loop run the 1 MiB pass; start-up subjects run in the 100 B one.
  const runsAt = (s: Subject, size: EventSize) => size === "small" || s.kind === "loop";

  // Cold inits of every pass, in the same order for every subject (paired by index).
  const cold = new Map(subjects.map((s) => [s.name, [] as number[]]));
  const first = new Map(subjects.map((s) => [s.name, [] as number[]]));
  const loadBefore = load();
  console.log(`node ${process.version}, ${ROUNDS} rounds (cold init and first invoke: ${ROUNDS * (1 + COLD_EXTRA)} starts per subject), warm invokes per process: ${WARM.small} (100 B), ${WARM.large} (1 MiB); load ${loadBefore}`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      for (const subject of shuffle(subjects)) {
        if (!runsAt(subject, size)) continue;
        const sample = await runOnce(api, address, subject, payloads[size], WARM[size]);
        samples.set(key(subject, size), [...(samples.get(key(subject, size)) ?? []), sample]);
        if (size === "small") {
          cold.get(subject.name)!.push(sample.coldMs);
          if (sample.firstMs !== undefined) first.get(subject.name)!.push(sample.firstMs);
        }
      }
    }
    for (let pass = 0; pass < COLD_EXTRA; pass++) {
      for (const subject of shuffle(subjects)) {
        // No warm invokes: spawn, the first /next, one invoke, kill.
        const start = await runOnce(api, address, subject, payloads.small, 0);
        cold.get(subject.name)!.push(start.coldMs);
        if (start.firstMs !== undefined) first.get(subject.name)!.push(start.firstMs);
      }
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
  await api.close();

  const rows: Row[] = [];
  for (const size of SIZES) for (const s of subjects) if (runsAt(s, size)) rows.push(summarise(s, size, samples.get(key(s, size)) ?? []));
  // The start-up columns (100 B) take the start-only passes as well.
  for (const row of rows) {
    if (row.event !== "100 B") continue;
    if (cold.get(row.subject)?.length) row.coldInitMs = median(cold.get(row.subject)!);
    if (first.get(row.subject)?.length) row.firstInvokeMs = median(first.get(row.subject)!);
  }
  const run: RunResults = {
    node: process.version,
    ric: ricVersion() ?? null,
    rounds: ROUNDS,
    warm: WARM,
    jsonCostMs: jsonCostMs(payloads.large),
    load: `${loadBefore} → ${load()}`,
    rows,
    coldStarts: ROUNDS * (1 + COLD_EXTRA),
    coldOverFloorMs: pairedColdOverFloor(cold),
  };
  const checked = budgets(run);
  writeJson(RESULTS_FILE, { ...run, checks: checked.checks });
  const tables = writeOutputs();
  console.log(`\n${rowsAsText(rows)}`);
  console.log(`\ncold init (medians, same run):\n${coldInitAsText(run)}`);
  console.log(`\nbudgets (medians, same run; issue 12's goals):\n${budgetsAsText(checked)}`);
  console.log(`\nfor the README (streaming: the last bench/streaming.ts run; \`node bench/results.ts\` reprints):\n\n${tables ?? ""}\n${outputsNote()}`);
}

await main();
