// Builds the demo images (both architectures), zips and layers once, through the bake file users run.
// CI installs a Docker engine first (.ci/run), and there a missing engine is a failure; on a
// machine without Docker the container tests are skipped, loudly.
import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    docker: boolean;
  }
}

function dockerWorks(): boolean {
  try {
    execFileSync("docker", ["info", "--format", "{{.ServerVersion}}"], { stdio: "ignore", timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function bake(group: string): void {
  const args = ["buildx", "bake", "-f", "buildx-bake.hcl", "--progress=quiet", group];
  try {
    execFileSync("docker", args, { stdio: "inherit" });
  } catch {
    // A build that dies on a transient engine error (seen once: DeadlineExceeded) gets one retry.
    console.warn(`docker buildx bake ${group} failed; retrying once`);
    execFileSync("docker", args, { stdio: "inherit" });
  }
}

export default function setup(project: TestProject): void {
  if (!dockerWorks()) {
    if (process.env["CI"]) throw new Error("CI needs a Docker engine: run docker/install-engine.sh first (.ci/run does)");
    console.warn("\n*** Container tests SKIPPED: no Docker engine. On Debian, run docker/install-engine.sh and docker/build-standins.sh (as root). ***\n");
    project.provide("docker", false);
    return;
  }
  const started = Date.now();
  // One group at a time keeps the parallel build load (and BuildKit's session) manageable on
  // two cores; the later groups reuse the first one's cached stages.
  for (const group of ["default", "fixtures", "zip", "layers"]) bake(group);
  console.log(`images and zips built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide("docker", true);
}
