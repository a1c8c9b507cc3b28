import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProject } from "../../cli/project.ts";
import { runCli } from "../helpers/run-cli.ts";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const temp = async () => {
  const dir = await mkdtemp(join(tmpdir(), "tslambda-init-"));
  dirs.push(dir);
  return dir;
};

describe("tslambda init", () => {
  it("writes the starter into a new directory, and the project loader finds its function", async () => {
    const cwd = await temp();
    const { code, stdout } = await runCli(["init", "my-app"], { cwd });
    expect(code).toBe(0);
    for (const file of ["functions/hello/index.ts", "functions/hello/index.test.ts", "tslambda.config.ts", "tsconfig.json", "package.json"]) {
      expect(stdout).toContain(`wrote ${file}`);
    }
    const root = join(cwd, "my-app");
    const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "my-app", type: "module", scripts: { test: "vitest run" } });
    expect(pkg.devDependencies.tslambda).toMatch(/^\^\d+\.\d+\.\d+/);
    const tsconfig = JSON.parse(await readFile(join(root, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, module: "nodenext" });
    expect(await readFile(join(root, "functions/hello/index.ts"), "utf8")).toMatch(/export const handler = async \(event: SQSEvent/);
    // The starter config imports tslambda/config, which only an installed project resolves; the
    // loader is checked with the same config minus that import.
    const config = await readFile(join(root, "tslambda.config.ts"), "utf8");
    await writeFile(join(root, "tslambda.config.ts"), config.replace(/^import .*\n/m, "const defineConfig = <T>(c: T) => c;\n"));
    const { functions } = await loadProject(root);
    expect(functions.map((f) => [f.name, f.handler, f.memoryMB, f.environment])).toEqual([["hello", "index.handler", 128, { LOG_LEVEL: "info" }]]);
  });

  it("refuses to overwrite, naming the files, and exits 2; --force overwrites; package.json is kept", async () => {
    const cwd = await temp();
    await mkdir(join(cwd, "functions", "hello"), { recursive: true });
    await writeFile(join(cwd, "functions", "hello", "index.ts"), "// mine\n");
    await writeFile(join(cwd, "package.json"), '{"name":"mine"}\n');
    const refused = await runCli(["init"], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: functions\/hello\/index\.ts already exists; pass --force to overwrite\n/);
    expect(await readFile(join(cwd, "functions", "hello", "index.ts"), "utf8")).toBe("// mine\n");

    const forced = await runCli(["init", "--force"], { cwd });
    expect(forced.code).toBe(0);
    expect(await readFile(join(cwd, "functions", "hello", "index.ts"), "utf8")).toContain("export const handler");
    expect(await readFile(join(cwd, "package.json"), "utf8")).toBe('{"name":"mine"}\n');
    expect(forced.stdout).toMatch(/kept package\.json; it needs "type": "module" and the dev dependencies tslambda@\^/);
  });
});
