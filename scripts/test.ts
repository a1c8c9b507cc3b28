// The whole test suite (unit and integration projects), ending with one plain summary line,
// `N passed, N failed`, taken from vitest's JSON report so a run that executed nothing shows.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A fresh clone needs its dependencies first; `npm test` alone gets a newcomer going.
const installed = join("node_modules", ".package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync("package-lock.json").mtimeMs) {
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { stdio: "inherit" });
  if (install.status !== 0) {
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
}

const report = join(mkdtempSync(join(tmpdir(), "vitest-")), "report.json");
const run = spawnSync(
  process.execPath,
  ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number; numTotalTests: number; numPendingTests: number };
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  // A suite that failed to load counts as a failure even when no test inside it ran.
  if (run.status !== 0 && failed === 0) failed = 1;
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
