// What `tslambda image` asks buildx bake for and stages as the function's context, and the
// watcher's idea of a source change.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isSourceChange } from "../../cli/dev/watch-sources.ts";
import { bakePlan, parsePlatforms, type ImageRequest } from "../../cli/image/bake-plan.ts";
import { stageContext } from "../../cli/image/stage-context.ts";
import type { LambdaFunction, Project } from "../../cli/project.ts";
import { runCli } from "../helpers/run-cli.ts";

const fn: LambdaFunction = { name: "orders", dir: "/p", handler: "src/orders.handler", memoryMB: 128, timeoutSeconds: 3, environment: {}, architectures: ["x86_64", "arm64"], externals: [], include: [] };
const request: ImageRequest = { platforms: undefined, zip: false, layers: false, push: undefined, tag: "dev", destDir: "/p/.tslambda/image", caBundle: undefined, context: "/p/.tslambda/image/orders/context" };

describe("tslambda image's bake runs", () => {
  it("by default loads <registry>/<name>:dev for the function's architectures, from the package's own bake file", () => {
    const plan = bakePlan("/pkg", fn, request);
    expect(plan.args).toEqual(["buildx", "bake", "-f", "/pkg/buildx-bake.hcl", "function"]);
    expect(plan.variables).toMatchObject({ FUNCTION_DIR: "/p/.tslambda/image/orders/context", FUNCTION_DEPENDENCIES: "given", FUNCTION_NAME: "orders", FUNCTION_HANDLER: "src/orders.handler", PLATFORMS: "linux/amd64,linux/arm64", REGISTRY: "tslambda", TAG: "dev" });
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

describe("the function context tslambda image stages", () => {
  let root = "";
  afterEach(() => rm(root, { recursive: true, force: true }));
  const put = async (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    }
  };
  const pkg = (name: string, dependencies: Record<string, string> = {}, extra = {}) => JSON.stringify({ name, version: "1.0.0", dependencies, ...extra });
  const list = async (dir: string) => (await readdir(dir, { recursive: true })).sort();

  it("for a function at the project root: its files and production packages, without dev tools, tslambda, .git or .tslambda", async () => {
    root = await mkdtemp(join(tmpdir(), "tslambda-stage-"));
    await put({
      "package.json": pkg("app", { a: "1", tslambda: "file:../t.tgz" }, { devDependencies: { vitest: "1" } }),
      "src/orders.ts": "",
      "node_modules/a/package.json": pkg("a", { b: "1" }, { optionalDependencies: { "other-platform-binary": "1" } }),
      "node_modules/a/index.js": "",
      "node_modules/a/node_modules/b/package.json": pkg("b", { c: "1" }),
      "node_modules/b/package.json": pkg("b-unused-version"),
      "node_modules/c/package.json": pkg("c"),
      "node_modules/vitest/package.json": pkg("vitest"),
      "node_modules/tslambda/package.json": pkg("tslambda", { esbuild: "1" }),
      "node_modules/esbuild/package.json": pkg("esbuild"),
      "node_modules/.cache/tslambda/emulator.mjs": "",
      ".git/HEAD": "",
      ".tslambda/build/orders/task/src/orders.mjs": "",
    });
    const project: Project = { root, configFile: undefined, functions: [] };
    const stage = await stageContext(project, { ...fn, dir: root });
    expect(stage).toBe(join(root, ".tslambda", "image", "orders", "context"));
    expect(await list(stage)).toEqual([
      "node_modules", "node_modules/a", "node_modules/a/index.js", "node_modules/a/node_modules", "node_modules/a/node_modules/b", "node_modules/a/node_modules/b/package.json",
      "node_modules/a/package.json", "node_modules/c", "node_modules/c/package.json", "package.json", "src", "src/orders.ts",
    ]);
  });

  it("for functions/<name>/ without a package.json of its own: the project's packages, the config's externals and include; a missing dependency is an error", async () => {
    root = await mkdtemp(join(tmpdir(), "tslambda-stage-"));
    await put({ "package.json": pkg("app", { c: "1" }), "node_modules/c/package.json": pkg("c"), "functions/hello/index.ts": "" });
    const project: Project = { root, configFile: undefined, functions: [] };
    const stage = await stageContext(project, { ...fn, name: "hello", dir: join(root, "functions", "hello") });
    expect(await list(stage)).toEqual(["index.ts", "node_modules", "node_modules/c", "node_modules/c/package.json"]);
    // The config's externals and include travel in a package.json, as a function directory declares them.
    await stageContext(project, { ...fn, name: "hello", dir: join(root, "functions", "hello"), externals: ["c"], include: ["*.json"] });
    expect(JSON.parse(await readFile(join(stage, "package.json"), "utf8"))).toEqual({ private: true, tslambda: { include: ["*.json"], external: ["c"] } });
    await put({ "package.json": pkg("app", { c: "1", gone: "1" }) });
    await expect(stageContext(project, { ...fn, name: "hello", dir: join(root, "functions", "hello") })).rejects.toThrow(/depends on gone, which is not installed: run npm install/);
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
