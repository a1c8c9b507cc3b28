// The benchmark's results as data: one row per subject and event size (medians over rounds), and
// the headline figures that set the floor, AWS's client and tslambda side by side. The budgets,
// the markdown tables and the chart are all made from these, so they cannot disagree.
import { statSync } from "node:fs";
import type { EventSize, Sample } from "./measure.ts";
import { median, quantile } from "./stats.ts";

/** The subjects the headline figures, budgets and chart compare. */
export const NAMES = {
  nodeExit: "node -e 0",
  floor: "minimal loop",
  tslambda: "tslambda json",
  ric: "aws-lambda-ric json",
  tslambdaSdk: "tslambda dynamodb",
  ricSdk: "aws-lambda-ric dynamodb",
} as const;

export interface Row {
  subject: string;
  event: "100 B" | "1 MiB";
  coldInitMs: number | null;
  firstInvokeMs: number | null;
  warmMedianMs: number | null;
  warmP99Ms: number | null;
  throughputPerS: number | null;
  peakRssMiB: number | null;
  bundleBytes: number | null;
}

/** What bench/run.ts writes to .bench/results.json. */
export interface RunResults {
  node: string;
  ric: string | null;
  rounds: number;
  warm: Record<EventSize, number>;
  jsonCostMs: number;
  /** 1-minute load average at the start → at the end. */
  load: string;
  rows: Row[];
  /** Starts per subject behind the cold-init and first-invoke figures (rounds plus start-only passes); absent in older results. */
  coldStarts?: number;
  /**
   * Per subject, the median over rounds of its cold init minus the floor's in the same round:
   * steadier than a difference of medians when the machine drifts between rounds.
   */
  coldOverFloorMs?: Record<string, { nodeExit: number; minimalLoop: number }>;
}

/** What bench/streaming.ts writes to .bench/streaming.json (baseline: plain node:http server). */
export interface StreamingResults {
  rounds: number;
  megabytes: number;
  ttfbMs: number;
  baselineTtfbMs: number;
  mbPerS: number;
  baselineMbPerS: number;
  peakRssMB: number;
}

/** What bench/long-run.ts writes to .bench/long-run.json: the echo demo after many invokes. */
export interface LongRunResults {
  rounds: number;
  invokes: number;
  peakRssMiB: { floor: number | null; ric: number | null; tslambda: number | null };
}

export interface Figure {
  label: string;
  unit: string;
  better: "lower" | "higher";
  floor: number | null;
  ric: number | null;
  tslambda: number | null;
  /** The goal for tslambda, when it has one; `met` may be judged on paired differences. */
  goal?: { value: number; text: string; met: boolean; detail?: string };
}

/** Median over rounds of (subject − floor) in the same round; the lists are in round order. */
export function pairedColdOverFloor(cold: ReadonlyMap<string, readonly number[]>): NonNullable<RunResults["coldOverFloorMs"]> {
  const out: NonNullable<RunResults["coldOverFloorMs"]> = {};
  const over = (subject: readonly number[], floor: readonly number[] | undefined) =>
    median(subject.flatMap((v, i) => (floor?.[i] === undefined ? [] : [v - floor[i]!])));
  for (const [name, values] of cold) {
    if (name === NAMES.nodeExit || name === NAMES.floor) continue;
    out[name] = { nodeExit: over(values, cold.get(NAMES.nodeExit)), minimalLoop: over(values, cold.get(NAMES.floor)) };
  }
  return out;
}

const finite = (values: readonly number[]): number | null => {
  const kept = values.filter((v) => Number.isFinite(v));
  return kept.length === 0 ? null : median(kept);
};

export function summarise(subject: { name: string; bundle?: string[] | undefined }, size: EventSize, list: readonly Sample[]): Row {
  return {
    subject: subject.name,
    event: size === "small" ? "100 B" : "1 MiB",
    coldInitMs: finite(list.map((x) => x.coldMs)),
    firstInvokeMs: finite(list.map((x) => x.firstMs ?? Number.NaN)),
    warmMedianMs: finite(list.map((x) => (x.warm ? median(x.warm) : Number.NaN))),
    warmP99Ms: finite(list.map((x) => (x.warm ? quantile(x.warm, 0.99) : Number.NaN))),
    throughputPerS: finite(list.map((x) => x.throughput ?? Number.NaN)),
    peakRssMiB: finite(list.map((x) => x.peakRssMiB ?? Number.NaN)),
    bundleBytes: subject.bundle ? subject.bundle.reduce((sum, file) => sum + statSync(file).size, 0) : null,
  };
}

export function rowOf(rows: readonly Row[], subject: string, event: Row["event"] = "100 B"): Row | undefined {
  return rows.find((r) => r.subject === subject && r.event === event);
}

type Metric = Exclude<keyof Row, "subject" | "event">;

function metric(rows: readonly Row[], subject: string, key: Metric, event: Row["event"] = "100 B"): number | null {
  return rowOf(rows, subject, event)?.[key] ?? null;
}

const times = (a: number | null, b: number): number | null => (a === null ? null : a * b);

function goal(value: number | null, text: string, actual: number | null): Pick<Figure, "goal"> {
  return value === null || actual === null ? {} : { goal: { value, text, met: actual <= value } };
}

/** A cold-init goal of floor + allowance, judged on the paired difference when the run has it. */
function coldGoal(run: RunResults, subject: string, allowance: number): Pick<Figure, "goal"> {
  const floor = metric(run.rows, NAMES.floor, "coldInitMs");
  const actual = metric(run.rows, subject, "coldInitMs");
  if (floor === null || actual === null) return {};
  const paired = run.coldOverFloorMs?.[subject]?.minimalLoop;
  const text = `floor + ${allowance} ms`;
  if (paired === undefined) return { goal: { value: floor + allowance, text, met: actual <= floor + allowance } };
  return { goal: { value: floor + allowance, text, met: paired <= allowance, detail: `paired ${paired >= 0 ? "+" : "−"}${formatNumber(Math.abs(paired))} ms` } };
}

/** The headline figures: floor (the minimal node:http loop), AWS's RIC and tslambda (JSON mode). */
export function headlineFigures(run: RunResults, streaming?: StreamingResults, longRun?: LongRunResults): Figure[] {
  const { rows } = run;
  const trio = (key: Metric, event: Row["event"] = "100 B", sdk = false) => ({
    floor: metric(rows, NAMES.floor, key, event),
    ric: metric(rows, sdk ? NAMES.ricSdk : NAMES.ric, key, event),
    tslambda: metric(rows, sdk ? NAMES.tslambdaSdk : NAMES.tslambda, key, event),
  });
  const warmRounds = `${run.warm.small.toLocaleString("en")} × 100 B`;
  const figures: Figure[] = [
    { label: "Cold init, echo", unit: "ms", better: "lower", ...trio("coldInitMs"), ...coldGoal(run, NAMES.tslambda, 3) },
    { label: "Cold init, DynamoDB client", unit: "ms", better: "lower", ...trio("coldInitMs", "100 B", true), ...coldGoal(run, NAMES.tslambdaSdk, 60) },
    { label: "First invoke, echo", unit: "ms", better: "lower", ...trio("firstInvokeMs"), ...goal(metric(rows, NAMES.ric, "firstInvokeMs"), "≤ AWS RIC", metric(rows, NAMES.tslambda, "firstInvokeMs")) },
    { label: "First invoke, DynamoDB client", unit: "ms", better: "lower", ...trio("firstInvokeMs", "100 B", true) },
    { label: "Warm invoke, 100 B (median)", unit: "ms", better: "lower", ...trio("warmMedianMs"), ...goal(times(metric(rows, NAMES.floor, "warmMedianMs"), 1.1), "1.1 × floor", metric(rows, NAMES.tslambda, "warmMedianMs")) },
    { label: "Warm invoke, 100 B (p99)", unit: "ms", better: "lower", ...trio("warmP99Ms") },
    { label: "Warm invoke, 1 MiB JSON (median)", unit: "ms", better: "lower", ...trio("warmMedianMs", "1 MiB") },
    { label: "Throughput, 100 B", unit: "invokes/s", better: "higher", ...trio("throughputPerS") },
    { label: `Peak RSS after ${warmRounds}`, unit: "MiB", better: "lower", ...trio("peakRssMiB"), ...goal(metric(rows, NAMES.ric, "peakRssMiB"), "≤ AWS RIC", metric(rows, NAMES.tslambda, "peakRssMiB")) },
    { label: "Peak RSS, 1 MiB JSON events", unit: "MiB", better: "lower", ...trio("peakRssMiB", "1 MiB") },
  ];
  if (longRun) {
    figures.push({ label: `Peak RSS after ${longRun.invokes.toLocaleString("en")} × 100 B`, unit: "MiB", better: "lower", ...longRun.peakRssMiB });
  }
  if (streaming) {
    figures.push(
      { label: "Streaming, time to first byte", unit: "ms", better: "lower", floor: streaming.baselineTtfbMs, ric: null, tslambda: streaming.ttfbMs },
      { label: `Streaming ${streaming.megabytes} MB, throughput`, unit: "MB/s", better: "higher", floor: streaming.baselineMbPerS, ric: null, tslambda: streaming.mbPerS },
    );
  }
  return figures;
}

/** Fixed-width enough for tables: three significant figures, whole numbers from 1,000. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
