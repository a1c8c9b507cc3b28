// Builds every demo and fixture once before the integration tests. Fixtures with their own
// dependencies (package.json + lock) get them installed first, as the image build does.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const FIXTURES = "test/fixtures/functions";

export default function setup(): void {
  for (const name of readdirSync(FIXTURES)) {
    const dir = join(FIXTURES, name);
    if (existsSync(join(dir, "package-lock.json"))) {
      execFileSync("npm", ["ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "inherit" });
    }
  }
  execFileSync(process.execPath, ["scripts/build.ts"], { stdio: "inherit" });
}
