// Memory over a long-lived sandbox: the echo demo's peak RSS after 50,000 invokes of 100 B, for
// the floor, AWS's client and tslambda, interleaved over a few rounds. A warm Lambda sandbox
// serves invokes for hours; what a runtime keeps per invoke (an environment string, a promoted
// buffer) shows here and not after 2,000.
//   node bench/long-run.ts [--rounds 3] [--invokes 50000]
// Writes .bench/long-run.json, then redraws the chart and tables (results.ts).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { NAMES, type LongRunResults } from "./figures.ts";
import { benchEvents, runOnce } from "./measure.ts";
import { LONG_RUN_FILE, outputsNote, writeJson, writeOutputs } from "./results.ts";
import { BenchRuntimeApi } from "./runtime-api.ts";
import { median, shuffle } from "./stats.ts";
import { buildSubjects } from "./subjects.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" }, invokes: { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 3);
const INVOKES = Number(values.invokes ?? 50_000);

const { subjects: all } = await buildSubjects(resolve(".bench"));
const subjects = all.filter((s) => s.name === NAMES.floor || s.name === NAMES.tslambda || s.name === NAMES.ric);
const event = benchEvents().small;
const api = new BenchRuntimeApi();
const address = await api.listen();
const peaks = new Map(subjects.map((s) => [s.name, [] as number[]]));
console.log(`long run: ${INVOKES.toLocaleString("en")} invokes of 100 B per process, ${ROUNDS} rounds, ${subjects.map((s) => s.name).join(", ")}`);
for (let round = 0; round < ROUNDS; round++) {
  for (const subject of shuffle(subjects)) {
    const sample = await runOnce(api, address, subject, event, INVOKES);
    if (sample.peakRssMiB !== undefined) peaks.get(subject.name)!.push(sample.peakRssMiB);
  }
  console.log(`round ${round + 1}/${ROUNDS} done`);
}
await api.close();

const peakOf = (name: string) => (peaks.get(name)?.length ? median(peaks.get(name)!) : null);
const results: LongRunResults = { rounds: ROUNDS, invokes: INVOKES, peakRssMiB: { floor: peakOf(NAMES.floor), ric: peakOf(NAMES.ric), tslambda: peakOf(NAMES.tslambda) } };
writeJson(LONG_RUN_FILE, results);
writeOutputs();
for (const [name, list] of peaks) console.log(`${name}\tpeak RSS after ${INVOKES.toLocaleString("en")} invokes: ${list.map((v) => v.toFixed(1)).join(", ")} MiB (median ${peakOf(name)?.toFixed(1) ?? "–"})`);
console.log(outputsNote());
