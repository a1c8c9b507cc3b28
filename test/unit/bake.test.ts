import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";

// `--print` resolves the bake file without an engine; it needs the docker CLI with buildx.
const print = spawnSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "--print", "default", "zip", "push", "layers", "function", "function-zip", "function-push", "function-layers", "fixtures"], {
  encoding: "utf8",
  env: { ...process.env, REGISTRY: "123456789012.dkr.ecr.eu-west-1.amazonaws.com", TAG: "v1", FUNCTION_DIR: "../my-fn", FUNCTION_NAME: "my-fn", CA_BUNDLE: "" },
});
const available = print.status === 0;
if (!available) {
  if (process.env["CI"]) throw new Error(`docker buildx bake --print failed:\n${print.stderr}`);
  console.warn("\n*** bake --print test SKIPPED: no docker CLI with buildx here. ***\n");
}

interface BakeTarget {
  target: string;
  platforms: string[];
  output: string[];
  tags?: string[];
  contexts?: Record<string, string>;
  attest?: string[];
  args?: Record<string, string>;
  labels?: Record<string, string>;
}

describe.skipIf(!available)("buildx-bake.hcl", () => {
  const plan = available ? (JSON.parse(print.stdout) as { group: Record<string, { targets: string[] }>; target: Record<string, BakeTarget> }) : undefined;
  const target = (name: string) => plan!.target[name]!;

  it("the default group builds every demo for both architectures into the local engine", () => {
    // With no target named, bake builds the default group.
    const defaults = spawnSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "--print"], { encoding: "utf8" });
    const demos = readdirSync("demos", { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect([...JSON.parse(defaults.stdout).group.default.targets].sort()).toEqual(demos.sort());
    for (const demo of demos) {
      expect(target(demo)).toMatchObject({
        target: "image",
        platforms: ["linux/amd64", "linux/arm64"],
        output: ["type=docker"],
        tags: [`123456789012.dkr.ecr.eu-west-1.amazonaws.com/${demo}:v1`],
        contexts: { function: `demos/${demo}` },
      });
      expect(target(demo).labels).toMatchObject({ "org.opencontainers.image.source": expect.any(String), "org.opencontainers.image.version": expect.any(String) });
    }
  });

  it("the zip group exports dist/ without splitting by platform", () => {
    expect(plan!.group["zip"]!.targets).toEqual(["zip-echo", "zip-debug", "zip-fail", "zip-oversize", "zip-stream", "zip-extension", "zip-telemetry"]);
    expect(target("zip-echo")).toMatchObject({ target: "zip", platforms: ["linux/amd64", "linux/arm64"], output: ["type=local,dest=dist,platform-split=false"] });
  });

  it("the layers group exports the runtime layer and each demo's layered zips to dist/", () => {
    expect(plan!.group["layers"]!.targets).toEqual(["runtime-layer", "layers-echo", "layers-debug", "layers-fail", "layers-oversize", "layers-stream", "layers-extension", "layers-telemetry"]);
    expect(target("runtime-layer")).toMatchObject({ target: "runtime-layer", platforms: ["linux/amd64", "linux/arm64"], output: ["type=local,dest=dist,platform-split=false"] });
    expect(target("layers-extension")).toMatchObject({ target: "layer-zips", contexts: { function: "demos/extension" } });
    expect(target("function-layers")).toMatchObject({ target: "layer-zips", contexts: { function: "../my-fn" } });
  });

  it("push targets are single-arch, tagged per arch, with attestations off", () => {
    expect(plan!.group["push"]!.targets).toHaveLength(14);
    expect(target("push-fail-arm64")).toMatchObject({
      target: "image",
      platforms: ["linux/arm64"],
      tags: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/fail:v1-arm64"],
      output: ["type=image,push=true"],
      attest: ["type=provenance,disabled=true", "type=sbom,disabled=true"],
    });
  });

  it("a user's function builds from FUNCTION_DIR as the named context", () => {
    expect(target("function")).toMatchObject({ contexts: { function: "../my-fn" }, tags: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-fn:v1"], args: { FUNCTION_NAME: "my-fn" } });
    expect(target("function-zip")).toMatchObject({ target: "zip", output: ["type=local,dest=dist,platform-split=false"] });
    expect(target("function-push-amd64")).toMatchObject({ platforms: ["linux/amd64"], tags: ["123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-fn:v1-amd64"] });
  });

  it("leaves versions to the Dockerfile unless overridden", () => {
    expect(target("echo").args).not.toHaveProperty("NODE_VERSION");
    const override = spawnSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "--print", "echo"], { encoding: "utf8", env: { ...process.env, NODE_VERSION: "24.99.0", CA_BUNDLE: "/etc/ssl/certs/ca-certificates.crt" } });
    const echo = JSON.parse(override.stdout).target.echo;
    expect(echo.args.NODE_VERSION).toBe("24.99.0");
    expect(echo.secret).toEqual(["id=ca,src=/etc/ssl/certs/ca-certificates.crt"]);
  });

  it("passes a function's handler spec to the build only when given (FUNCTION_HANDLER)", () => {
    expect(target("function").args).not.toHaveProperty("FUNCTION_HANDLER");
    const given = spawnSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "--print", "function"], { encoding: "utf8", env: { ...process.env, FUNCTION_HANDLER: "src/app.handler" } });
    expect(JSON.parse(given.stdout).target.function.args.FUNCTION_HANDLER).toBe("src/app.handler");
  });

  it("the fixtures group builds each test fixture on the one architecture its test needs", () => {
    expect(plan!.group["fixtures"]!.targets).toEqual(["fixture-files", "fixture-src-handler", "fixture-sharp", "fixture-aws-sdk"]);
    expect(target("fixture-aws-sdk")).toMatchObject({ target: "image", platforms: ["linux/arm64"], contexts: { function: "test/fixtures/functions/aws-sdk" } });
    expect(target("fixture-sharp")).toMatchObject({ target: "image", platforms: ["linux/arm64"], contexts: { function: "test/fixtures/functions/sharp" } });
    expect(target("fixture-src-handler").args).toMatchObject({ FUNCTION_HANDLER: "src/app.handler" });
  });
});
