import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../cli/errors.ts";
import { findFunction, loadProject } from "../../cli/project.ts";

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "tslambda-project-"));
  roots.push(root);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return root;
}

const HANDLER = "export const handler = async () => ({});\n";

describe("loadProject", () => {
  it("with zero config, every functions/<name>/ with an index file is a function with Lambda's defaults", async () => {
    const root = await project({ "functions/hello/index.ts": HANDLER, "functions/jobs/index.mjs": HANDLER, "functions/notes/README.md": "no code" });
    const { functions, configFile } = await loadProject(root);
    expect(configFile).toBeUndefined();
    expect(functions.map((f) => f.name)).toEqual(["hello", "jobs"]);
    expect(functions[0]).toEqual({
      name: "hello",
      dir: join(root, "functions", "hello"),
      handler: "index.handler",
      memoryMB: 128,
      timeoutSeconds: 3,
      environment: {},
      architectures: ["x86_64"],
      externals: [],
      include: [],
    });
  });

  it("tslambda.config.ts changes a discovered function and adds one rooted at the project", async () => {
    const root = await project({
      "functions/hello/index.ts": HANDLER,
      "src/orders.ts": HANDLER,
      "tslambda.config.ts": `import type { ProjectConfig } from "tslambda/config";
const config: ProjectConfig = {
  functions: {
    hello: { memory: 512, environment: { GREETING: "hi" } },
    orders: { handler: "src/orders.handler", timeout: 30, architectures: ["arm64"], externals: ["sharp"], include: ["templates/**"] },
  },
};
export default config;
`,
    });
    const { functions, configFile } = await loadProject(root);
    expect(configFile).toBe(join(root, "tslambda.config.ts"));
    const hello = findFunction({ root, configFile, functions }, "hello");
    expect(hello).toMatchObject({ dir: join(root, "functions", "hello"), handler: "index.handler", memoryMB: 512, timeoutSeconds: 3, environment: { GREETING: "hi" } });
    const orders = findFunction({ root, configFile, functions }, "orders");
    expect(orders).toEqual({
      name: "orders",
      dir: root,
      handler: "src/orders.handler",
      memoryMB: 128,
      timeoutSeconds: 30,
      environment: {},
      architectures: ["arm64"],
      externals: ["sharp"],
      include: ["templates/**"],
    });
  });

  it("honours functionsDir and an explicit dir", async () => {
    const root = await project({
      "lambdas/a/index.ts": HANDLER,
      "packages/b/handler.js": HANDLER,
      "tslambda.config.mjs": `export default { functionsDir: "lambdas", functions: { b: { dir: "packages/b", handler: "handler.main" } } };\n`,
    });
    const { functions } = await loadProject(root);
    expect(functions.map((f) => [f.name, f.dir, f.handler])).toEqual([
      ["a", join(root, "lambdas", "a"), "index.handler"],
      ["b", join(root, "packages", "b"), "handler.main"],
    ]);
  });

  const bad: Array<[string, string, RegExp]> = [
    ["an unknown field", `{ functions: { hello: { memorySize: 256 } } }`, /functions\.hello\.memorySize: unknown field/],
    ["memory out of range", `{ functions: { hello: { memory: 64 } } }`, /functions\.hello\.memory: expected a whole number of MB from 128 to 10240, got 64/],
    ["a fractional timeout", `{ functions: { hello: { timeout: 1.5 } } }`, /functions\.hello\.timeout: .*from 1 to 900, got 1\.5/],
    ["a non-string variable", `{ functions: { hello: { environment: { PORT: 8080 } } } }`, /functions\.hello\.environment\.PORT: expected a string, got 8080/],
    ["a bad architecture", `{ functions: { hello: { architectures: ["amd64"] } } }`, /functions\.hello\.architectures\[0\]: "amd64" is not one of x86_64, arm64/],
    ["a malformed handler", `{ functions: { hello: { handler: "index" } } }`, /functions\.hello\.handler: Bad handler "index"/],
    ["a bad function name", `{ functions: { "my fn": {} } }`, /functions\.my fn: a function name is/],
    ["externals not a list", `{ functions: { hello: { externals: "sharp" } } }`, /functions\.hello\.externals: expected an array of strings, got "sharp"/],
    ["a top-level typo", `{ function: {} }`, /: function: unknown field/],
  ];
  for (const [what, config, message] of bad) {
    it(`rejects ${what}, naming the field`, async () => {
      const root = await project({ "functions/hello/index.ts": HANDLER, "tslambda.config.mjs": `export default ${config};\n` });
      const error = await loadProject(root).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain("tslambda.config.mjs");
    });
  }

  it("says which module file a handler needs when it is missing", async () => {
    const root = await project({ "tslambda.config.mjs": `export default { functions: { orders: { handler: "src/orders.handler" } } };\n` });
    await expect(loadProject(root)).rejects.toThrow(/functions\.orders\.handler: no src\/orders\.ts, src\/orders\.mts, .* in /);
  });

  it("rejects a config without a default export and two config files", async () => {
    const noDefault = await project({ "tslambda.config.mjs": "export const functions = {};\n" });
    await expect(loadProject(noDefault)).rejects.toThrow(/has no default export/);
    const two = await project({ "tslambda.config.mjs": "export default {};\n", "tslambda.config.js": "export default {};\n" });
    await expect(loadProject(two)).rejects.toThrow(/tslambda\.config\.js and tslambda\.config\.mjs; keep one|tslambda\.config\.mjs and tslambda\.config\.js; keep one/);
  });

  it("findFunction lists the known names", async () => {
    const root = await project({ "functions/hello/index.ts": HANDLER });
    const loaded = await loadProject(root);
    expect(() => findFunction(loaded, "nope")).toThrow(/no function named "nope" .*\(functions: hello\)/);
  });
});
