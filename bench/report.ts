// What bench/run.ts prints: every row, the issue's goals as PASS/MISS lines (never a failed
// process: one run on a shared machine is not a verdict) and markdown tables for the README.
import { formatNumber as f, headlineFigures, NAMES, rowOf, type Figure, type Row, type LongRunResults, type RunResults, type StreamingResults } from "./figures.ts";

export interface Check {
  label: string;
  value: number;
  budget: number;
  unit: string;
  pass: boolean;
}

const COLUMNS = ["subject", "event", "coldInitMs", "firstInvokeMs", "warmMedianMs", "warmP99Ms", "throughputPerS", "peakRssMiB", "bundleBytes"] as const;

export function rowsAsText(rows: readonly Row[]): string {
  const lines = [COLUMNS.join("\t")];
  for (const row of rows) lines.push(COLUMNS.map((c) => (typeof row[c] === "string" ? row[c] : f(row[c] as number | null))).join("\t"));
  return lines.join("\n");
}

/** The goals of issue 12 (and issue 10's cold-init bound), against figures of the same run. */
export function budgets(run: RunResults): { checks: Check[]; skipped: string[] } {
  const checks: Check[] = [];
  const skipped: string[] = [];
  const value = (subject: string, key: keyof Row, event: Row["event"] = "100 B") => {
    const v = rowOf(run.rows, subject, event)?.[key];
    return typeof v === "number" ? v : undefined;
  };
  const check = (label: string, actual: number | undefined, budget: number | undefined, unit: string) => {
    if (actual === undefined || budget === undefined) skipped.push(label);
    else checks.push({ label, value: actual, budget, unit, pass: actual <= budget });
  };
  const add = (a: number | undefined, b: number) => (a === undefined ? undefined : a + b);
  check("first invoke ≤ AWS RIC's", value(NAMES.tslambda, "firstInvokeMs"), value(NAMES.ric, "firstInvokeMs"), "ms");
  const floorWarm = value(NAMES.floor, "warmMedianMs");
  check("warm 100 B ≤ 1.1 × floor", value(NAMES.tslambda, "warmMedianMs"), floorWarm === undefined ? undefined : floorWarm * 1.1, "ms");
  check(`peak RSS after ${run.warm.small} × 100 B ≤ AWS RIC's`, value(NAMES.tslambda, "peakRssMiB"), value(NAMES.ric, "peakRssMiB"), "MiB");
  // Cold init against the floor of the same round (see coldOverFloorMs), else of the same run.
  const floorCold = value(NAMES.floor, "coldInitMs");
  const over = (subject: string) => run.coldOverFloorMs?.[subject]?.minimalLoop ?? (floorCold === undefined ? undefined : add(value(subject, "coldInitMs"), -floorCold));
  check("SDK function cold init − floor ≤ 60 ms", over(NAMES.tslambdaSdk), 60, "ms");
  check("echo cold init − floor ≤ 3 ms", over(NAMES.tslambda), 3, "ms");
  check("echo cold init − floor ≤ 2 ms (issue 10)", over(NAMES.tslambda), 2, "ms");
  const floorLarge = value(NAMES.floor, "warmMedianMs", "1 MiB");
  check("1 MiB raw ≤ 1.5 × floor", value("tslambda raw", "warmMedianMs", "1 MiB"), floorLarge === undefined ? undefined : floorLarge * 1.5, "ms");
  check(`1 MiB JSON ≤ floor + one parse and stringify (${run.jsonCostMs.toFixed(2)} ms)`, value(NAMES.tslambda, "warmMedianMs", "1 MiB"), add(floorLarge, run.jsonCostMs), "ms");
  return { checks, skipped };
}

export function budgetsAsText({ checks, skipped }: ReturnType<typeof budgets>): string {
  const lines = checks.map((c) => `${c.pass ? "PASS" : "MISS"}  ${c.label}: ${f(c.value)} ${c.unit} (budget ${f(c.budget)} ${c.unit}, ${c.value <= c.budget ? "under" : "over"} by ${f(Math.abs(c.budget - c.value))} ${c.unit})`);
  for (const label of skipped) lines.push(`SKIP  ${label}: a subject is missing from this run`);
  return lines.join("\n");
}

/** Cold init of each start-up subject beside both floors, as differences. */
export function coldInitAsText(run: RunResults): string {
  const exit = rowOf(run.rows, NAMES.nodeExit)?.coldInitMs ?? null;
  const loop = rowOf(run.rows, NAMES.floor)?.coldInitMs ?? null;
  const lines = [`floors: node -e 0 (spawn to exit) ${f(exit)} ms, minimal loop (spawn to first /next) ${f(loop)} ms`];
  lines.push("  subject: median; over node -e 0 / over the minimal loop, each the median of per-round differences");
  const signed = (v: number | undefined) => (v === undefined ? "–" : `${v >= 0 ? "+" : "−"}${f(Math.abs(v))}`);
  for (const name of [NAMES.tslambda, NAMES.ric, NAMES.tslambdaSdk, NAMES.ricSdk]) {
    const cold = rowOf(run.rows, name)?.coldInitMs ?? null;
    if (cold === null) continue;
    const paired = run.coldOverFloorMs?.[name];
    lines.push(`  ${name}: ${f(cold)} ms; ${signed(paired?.nodeExit)} / ${signed(paired?.minimalLoop)} ms`);
  }
  return lines.join("\n");
}

function goalCell(figure: Figure): string {
  if (!figure.goal) return "";
  const detail = figure.goal.detail ? ` (${figure.goal.detail})` : "";
  return `${figure.goal.text} = ${f(figure.goal.value)}: ${figure.goal.met ? "met" : "missed"}${detail}`;
}

/** What the tables were measured with, to print above them. */
export function runAsMarkdown(run: RunResults, streaming?: StreamingResults, longRun?: LongRunResults): string {
  const n = (v: number) => v.toLocaleString("en");
  const stream = streaming ? `; streaming: ${streaming.rounds} rounds of \`bench/streaming.ts\`` : "";
  const long = longRun ? `; long run: ${longRun.rounds} rounds of \`bench/long-run.ts\`` : "";
  return `Node.js ${run.node.replace(/^v/, "")}, medians of ${run.rounds} interleaved rounds${run.coldStarts ? ` (cold init and first invoke: ${run.coldStarts} starts per subject)` : ""}, ${n(run.warm.small)} warm 100 B and ${n(run.warm.large)} warm 1 MiB invokes per process${stream}${long}; 1-minute load average ${run.load} during \`bench/run.ts\`.`;
}

/** The README's headline table: every figure against the floor and AWS's client. */
export function figuresAsMarkdown(run: RunResults, streaming?: StreamingResults, longRun?: LongRunResults): string {
  const ric = run.ric === null ? "AWS RIC (absent)" : `AWS RIC ${run.ric}`;
  const lines = [`| figure | floor | ${ric} | tslambda | goal (tslambda) |`, "|---|---|---|---|---|"];
  for (const figure of headlineFigures(run, streaming, longRun)) {
    const cell = (v: number | null) => (v === null ? "–" : `${f(v)} ${figure.unit}`);
    lines.push(`| ${figure.label} | ${cell(figure.floor)} | ${cell(figure.ric)} | ${cell(figure.tslambda)} | ${goalCell(figure)} |`);
  }
  return lines.join("\n");
}

/** Cold init over both floors, from per-round differences (empty for results without them). */
export function coldInitAsMarkdown(run: RunResults): string {
  const paired = run.coldOverFloorMs;
  if (!paired) return "";
  const signed = (v: number) => `${v >= 0 ? "+" : "−"}${f(Math.abs(v))} ms`;
  const lines = ["| cold init over the floor (median of per-round differences) | over `node -e 0` | over the minimal loop |", "|---|---|---|"];
  for (const name of [NAMES.tslambda, NAMES.ric, NAMES.tslambdaSdk, NAMES.ricSdk]) {
    const d = paired[name];
    if (d) lines.push(`| ${name} | ${signed(d.nodeExit)} | ${signed(d.minimalLoop)} |`);
  }
  return lines.join("\n");
}

/** Every subject, one line each (cold-only subjects have no warm columns). */
export function subjectsAsMarkdown(run: RunResults): string {
  const lines = ["| subject | cold init | first invoke | warm 100 B (p99) | warm 1 MiB (p99) | invokes/s, 100 B | peak RSS 100 B / 1 MiB | bundle (runtime + task) |", "|---|---|---|---|---|---|---|---|"];
  const names = [...new Set(run.rows.map((r) => r.subject))];
  for (const name of names) {
    const small = rowOf(run.rows, name);
    const large = rowOf(run.rows, name, "1 MiB");
    const ms = (v: number | null | undefined) => (v === null || v === undefined ? "" : `${f(v)} ms`);
    const warm = (r: Row | undefined) => (r?.warmMedianMs == null ? "" : `${ms(r.warmMedianMs)} (${f(r.warmP99Ms)})`);
    const rss = small?.peakRssMiB == null ? "" : large?.peakRssMiB == null ? `${f(small.peakRssMiB)} MiB` : `${f(small.peakRssMiB)} / ${f(large.peakRssMiB)} MiB`;
    const bundle = small?.bundleBytes == null ? "" : `${f(small.bundleBytes / 1024)} KiB`;
    const subject = name === NAMES.nodeExit ? "`node -e 0` (spawn to exit)" : name;
    lines.push(`| ${subject} | ${ms(small?.coldInitMs)} | ${ms(small?.firstInvokeMs)} | ${warm(small)} | ${warm(large)} | ${small?.throughputPerS == null ? "" : f(small.throughputPerS)} | ${rss} | ${bundle} |`);
  }
  return lines.join("\n");
}
