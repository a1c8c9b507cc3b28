// The latest results on disk and what is made from them. bench/run.ts writes .bench/results.json,
// bench/streaming.ts .bench/streaming.json and bench/long-run.ts .bench/long-run.json; after each,
// writeOutputs() redraws docs/bench.svg and rewrites .bench/results.md (the README's tables) from
// all three, so the chart and tables always agree. `node bench/results.ts` does it alone and prints
// the tables; with --readme it also puts them into README.md's Benchmarks section.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { formatNumber, headlineFigures, type LongRunResults, type RunResults, type StreamingResults } from "./figures.ts";
import { coldInitAsMarkdown, figuresAsMarkdown, runAsMarkdown, subjectsAsMarkdown } from "./report.ts";
import { renderChart } from "./svg-chart.ts";

export const RESULTS_FILE = resolve(".bench/results.json");
export const STREAMING_FILE = resolve(".bench/streaming.json");
export const LONG_RUN_FILE = resolve(".bench/long-run.json");
export const TABLES_FILE = resolve(".bench/results.md");
export const CHART_FILE = resolve("docs/bench.svg");

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function chart(run: RunResults, streaming: StreamingResults | undefined, longRun: LongRunResults | undefined): string {
  const ric = run.ric === null ? "AWS RIC (not installed for this run)" : `AWS's client (aws-lambda-ric ${run.ric})`;
  return renderChart({
    title: "tslambda against the floor and AWS's Runtime Interface Client",
    caption: [
      `Node.js ${run.node.replace(/^v/, "")}, fake Runtime API on loopback, medians of ${run.rounds} interleaved rounds on a shared 2-core machine (1-min load average ${run.load}).`,
      "Floor for streaming: a plain node:http server streaming the same bytes (tslambda streams through its emulator; AWS's client is not measured there).",
    ],
    series: [
      { name: "floor", description: "floor (minimal node:http loop)", color: "#9e9e9e" },
      { name: "AWS RIC", description: ric, color: "#f90" },
      { name: "tslambda", description: "tslambda (JSON mode)", color: "#3178c6" },
    ],
    panels: headlineFigures(run, streaming, longRun).map((figure) => ({
      title: figure.label,
      note: `${figure.unit}, ${figure.better} is better`,
      unit: figure.unit,
      values: [figure.floor, figure.ric, figure.tslambda],
      ...(figure.goal ? { marker: { value: figure.goal.value, label: figure.goal.text, status: (figure.goal.met ? "met" : "missed") + (figure.goal.detail ? `, ${figure.goal.detail}` : "") } } : {}),
    })),
    format: formatNumber,
  });
}

/** Redraws the chart and rewrites the tables; returns the tables, or undefined before any run. */
export function writeOutputs(): string | undefined {
  const run = readJson<RunResults>(RESULTS_FILE);
  if (!run) return undefined;
  const streaming = readJson<StreamingResults>(STREAMING_FILE);
  const longRun = readJson<LongRunResults>(LONG_RUN_FILE);
  mkdirSync(dirname(CHART_FILE), { recursive: true });
  writeFileSync(CHART_FILE, chart(run, streaming, longRun));
  const cold = coldInitAsMarkdown(run);
  const tables = [runAsMarkdown(run, streaming, longRun), figuresAsMarkdown(run, streaming, longRun), ...(cold ? [cold] : []), `Every subject:\n\n${subjectsAsMarkdown(run)}`].join("\n\n") + "\n";
  writeFileSync(TABLES_FILE, tables);
  return tables;
}

export const outputsNote = () => `chart: ${relative(".", CHART_FILE)}; README tables: ${relative(".", TABLES_FILE)}`;

const README = resolve("README.md");
const README_START = "<!-- bench-tables: start (node bench/results.ts --readme rewrites this block) -->";
const README_END = "<!-- bench-tables: end -->";

/** Puts the tables between the README's markers, so a re-run updates its figures in one step. */
function updateReadme(tables: string): void {
  const readme = readFileSync(README, "utf8");
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  writeFileSync(README, `${readme.slice(0, start + README_START.length)}\n${tables}\n${readme.slice(end)}`);
}

if (import.meta.main) {
  const tables = writeOutputs();
  if (!tables) {
    console.log(`no ${relative(".", RESULTS_FILE)} yet: run node bench/run.ts first`);
  } else if (process.argv.includes("--readme")) {
    updateReadme(tables);
    console.log(`README.md: tables updated from ${relative(".", RESULTS_FILE)}; ${outputsNote()}`);
  } else {
    console.log(`${tables}\n${outputsNote()}`);
  }
}
