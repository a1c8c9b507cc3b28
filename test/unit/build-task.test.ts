// The build's choices about a function's directory: which files ship, which packages stay unbundled.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileTree } from "../helpers/file-tree.ts";
import { copyFunctionFiles } from "../../scripts/build/files.ts";
import { buildTask } from "../../scripts/build/function.ts";
import { findNativePackages } from "../../scripts/build/natives.ts";

const tree = (files: Record<string, string>) => fileTree(files, "fn-");

describe("function files", () => {
  const fn = () =>
    tree({
      "src/app.ts": "", "src/app.test.ts": "", "src/types.d.ts": "", "src/template.html": "<p>",
      "src/__tests__/x.js": "", "lib/helper.js": "", "data/a.json": "{}", "data/a.spec.json": "{}",
      "tsconfig.json": "{}", "tsconfig.build.json": "{}", "package.json": "{}", "package-lock.json": "{}",
      ".env": "SECRET=1", "node_modules/x/index.js": "", "extensions/e/index.ts": "", "docs/extensions/notes.md": "",
    });

  it("ships everything but bundled sources, tests, declarations, tsconfig, lock files, node_modules, extensions/ and dot files", async () => {
    const dir = fn();
    const copied = await copyFunctionFiles(dir, join(dir, "..", "out-" + Date.now()), new Set([join(dir, "lib/helper.js")]), undefined);
    expect(copied).toEqual(["data/a.json", "docs/extensions/notes.md", "package.json", "src/template.html"]);
  });

  it("ships only what tslambda.include names when it is given", async () => {
    const dir = fn();
    const copied = await copyFunctionFiles(dir, join(dir, "..", "out-inc-" + Date.now()), new Set(), ["src/*.html", "data/**"]);
    expect(copied).toEqual(["data/a.json", "data/a.spec.json", "src/template.html"]);
  });
});

describe("CommonJS names in an ES module bundle", () => {
  it("declares require only when the code uses it, not when a message mentions it", async () => {
    const dir = tree({
      "mentions.ts": `export const handler = async () => 'call require("x") first';`,
      "uses.ts": `export const handler = async () => typeof require;`,
    });
    await buildTask({ functionDir: dir, taskDir: join(dir, "out-m"), handler: "mentions.handler", say: () => {} });
    await buildTask({ functionDir: dir, taskDir: join(dir, "out-u"), handler: "uses.handler", say: () => {} });
    expect(readFileSync(join(dir, "out-m", "mentions.mjs"), "utf8")).not.toContain("createRequire");
    expect(readFileSync(join(dir, "out-u", "uses.mjs"), "utf8")).toContain("createRequire");
  });
});

describe("native packages", () => {
  it("finds dependencies that ship an addon or reach a platform-specific package, and leaves pure ones", async () => {
    const dir = tree({
      "node_modules/pure/package.json": JSON.stringify({ name: "pure", version: "1.0.0" }),
      "node_modules/addon/package.json": JSON.stringify({ name: "addon", version: "2.0.0" }),
      "node_modules/addon/build/Release/addon.node": "",
      "node_modules/img/package.json": JSON.stringify({ name: "img", version: "3.0.0", optionalDependencies: { "@img/img-linux-x64": "3.0.0" } }),
      "node_modules/@img/img-linux-x64/package.json": JSON.stringify({ name: "@img/img-linux-x64", version: "3.0.0", os: ["linux"], cpu: ["x64"] }),
      "node_modules/wrapper/package.json": JSON.stringify({ name: "wrapper", version: "4.0.0", dependencies: { addon: "^2" } }),
    });
    expect(await findNativePackages(dir, ["pure", "addon", "img", "wrapper"])).toEqual([
      { name: "addon", version: "2.0.0", because: "addon" },
      { name: "img", version: "3.0.0", because: "@img/img-linux-x64" },
      { name: "wrapper", version: "4.0.0", because: "addon" },
    ]);
  });
});

describe("the AWS SDK in a bundle", () => {
  it("comes from the packages' ES module builds (dist-es), which esbuild can tree-shake, not from dist-cjs", async () => {
    const taskDir = mkdtempSync(join(tmpdir(), "sdk-task-"));
    const built = await buildTask({ functionDir: "bench/functions/dynamodb", taskDir, handler: "index.handler", say: () => {} });
    const sdk = built.inputs.filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input));
    expect(sdk.length).toBeGreaterThan(100);
    expect(sdk.filter((input) => input.includes("/dist-cjs/"))).toEqual([]);
  }, 60_000);
});
