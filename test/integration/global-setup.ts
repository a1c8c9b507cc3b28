// Builds every demo and fixture bootstrap once before the integration tests.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync(process.execPath, ["scripts/build.ts"], { stdio: "inherit" });
}
