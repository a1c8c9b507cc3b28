// What `tslambda image` asks buildx bake for, and the watcher's idea of a source change.
import { describe, expect, it } from "vitest";
import { isSourceChange } from "../../cli/dev/watch-sources.ts";
import { bakePlan, parsePlatforms, type ImageRequest } from "../../cli/image/bake-plan.ts";
import type { LambdaFunction } from "../../cli/project.ts";
import { runCli } from "../helpers/run-cli.ts";

const fn: LambdaFunction = { name: "orders", dir: "/p", handler: "src/orders.handler", memoryMB: 128, timeoutSeconds: 3, environment: {}, architectures: ["x86_64", "arm64"], externals: [], include: [] };
const request: ImageRequest = { platforms: undefined, zip: false, layers: false, push: undefined, tag: "dev", destDir: "/p/.tslambda/image", caBundle: undefined };

describe("tslambda image's bake runs", () => {
  it("by default loads <registry>/<name>:dev for the function's architectures, from the package's own bake file", () => {
    const plan = bakePlan("/pkg", fn, request);
    expect(plan.args).toEqual(["buildx", "bake", "-f", "/pkg/buildx-bake.hcl", "function"]);
    expect(plan.variables).toMatchObject({ FUNCTION_DIR: "/p", FUNCTION_NAME: "orders", FUNCTION_HANDLER: "src/orders.handler", PLATFORMS: "linux/amd64,linux/arm64", REGISTRY: "tslambda", TAG: "dev" });
  });

  it("--push makes one per-arch target each; --zip and --layers add theirs", () => {
    const plan = bakePlan("/pkg", fn, { ...request, platforms: ["linux/arm64"], push: "registry.test/team", tag: "v1", zip: true, layers: true, caBundle: "/ca.pem" });
    expect(plan.args.slice(4)).toEqual(["function-push-arm64", "function-zip", "function-layers"]);
    expect(plan.variables).toMatchObject({ REGISTRY: "registry.test/team", TAG: "v1", PLATFORMS: "linux/arm64", CA_BUNDLE: "/ca.pem" });
    expect(plan.results).toContain("pushed registry.test/team/orders:v1-arm64");
    expect(plan.results).toContain("wrote /p/.tslambda/image/orders-arm64.zip");
  });

  it("--platform accepts Lambda's two platforms only", async () => {
    expect(parsePlatforms("linux/amd64, linux/arm64")).toEqual(["linux/amd64", "linux/arm64"]);
    expect(parsePlatforms("linux/s390x")).toMatch(/--platform takes/);
    const result = await runCli(["image", "--platform", "windows/amd64"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--platform takes linux/amd64 and/or linux/arm64");
  });

  it("every command has --help", async () => {
    for (const command of ["init", "events", "dev", "invoke", "build", "image"]) {
      const result = await runCli([command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: tslambda ${command}`);
    }
  });
});

describe("what the dev watcher counts as a source change", () => {
  it("skips dependencies, build output, dot files and editors' temporary names", () => {
    expect(isSourceChange("src/orders.ts")).toBe(true);
    expect(isSourceChange("functions/hello/data.json")).toBe(true);
    for (const path of ["node_modules/x/index.js", ".tslambda/dev/hello/1/task/index.mjs", "src/.orders.ts.swp", "src/orders.ts~", "src/4913", ".git/index"]) {
      expect(isSourceChange(path)).toBe(false);
    }
  });
});
