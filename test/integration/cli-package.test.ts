// The package as a user gets it: `npm pack`, installed into a throwaway project outside the
// repository, type-checked by that project's tsc, imported by plain node, and its bin run.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(".");
const pkg = JSON.parse(await readFile(join(repo, "package.json"), "utf8")) as { version: string; devDependencies: Record<string, string> };
let work: string;
let app: string;

const sh = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false", FORCE_COLOR: "0", NO_COLOR: "1" } });

/** Runs a command that should fail; returns its exit status and output. */
function shFails(command: string, args: string[], cwd: string): { status: number; out: string } {
  try {
    sh(command, args, cwd);
    return { status: 0, out: "" };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, out: e.stdout + e.stderr };
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "tslambda-package-"));
  // prepack compiles lib/ first.
  const packed = sh("npm", ["pack", "--pack-destination", work, "--loglevel=error"], repo).trim().split("\n").pop()!;
  app = join(work, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
  const dev = pkg.devDependencies;
  sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", join(work, packed), `typescript@${dev["typescript"]}`, `vitest@${dev["vitest"]}`, `@types/node@${dev["@types/node"]}`], app);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed tslambda in another project", () => {
  it("tslambda init, then the project's tsc type-checks a handler against tslambda's and @types/aws-lambda's types", async () => {
    const init = sh(join(app, "node_modules", ".bin", "tslambda"), ["init"], app);
    expect(init).toContain("wrote functions/hello/index.ts");
    expect(init).toContain("kept package.json");
    await mkdir(join(app, "functions", "orders"), { recursive: true });
    await writeFile(
      join(app, "functions", "orders", "index.ts"),
      `import type { SQSEvent } from "aws-lambda";
import { serve, log, type Context } from "tslambda";
import { registerExtension } from "tslambda/extension";

serve(async (event: SQSEvent, context: Context) => {
  log.info("orders", context.awsRequestId, typeof registerExtension);
  // @ts-expect-error messageId is a string in @types/aws-lambda (fails if the types were any)
  const wrong: number = event.Records[0]!.messageId;
  return { count: event.Records.length, wrong };
});
`,
    );
    const tsc = join(app, "node_modules", ".bin", "tsc");
    expect(sh(tsc, ["--noEmit", "--strict", "-p", "."], app)).toBe("");

    // And a real mistake is reported, through the package's declarations.
    await writeFile(join(app, "functions", "orders", "bad.ts"), `import { serve } from "tslambda";\nserve("not a function");\n`);
    const bad = shFails(tsc, ["--noEmit", "--strict", "-p", "."], app);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/functions\/orders\/bad\.ts\(2,7\): error TS2345/);
    await rm(join(app, "functions", "orders", "bad.ts"));
  });

  it("plain node imports the compiled entry points and loads the project's tslambda.config.ts", () => {
    const out = sh(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const m = await import("tslambda"); const x = await import("tslambda/extension"); const c = await import("tslambda/config");
         const { loadProject } = await import("./node_modules/tslambda/lib/cli/project.js");
         const p = await loadProject(".");
         console.log(typeof m.serve, typeof x.registerExtension, typeof c.defineConfig, p.functions.map((f) => f.name + ":" + f.memoryMB).join(","));`,
      ],
      app,
    );
    expect(out.trim()).toBe("function function function hello:128,orders:128");
  });

  it("the bin runs: --help, events, and the starter's own test passes", () => {
    const bin = join(app, "node_modules", ".bin", "tslambda");
    expect(sh(bin, ["--help"], app)).toMatch(/Commands:\n\s+init/);
    expect(sh(bin, ["--version"], app).trim()).toBe(pkg.version);
    expect(JSON.parse(sh(bin, ["events", "s3", "--bucket", "b1"], app)).Records[0].s3.bucket.name).toBe("b1");
    const usage = shFails(bin, ["events", "--nope"], app);
    expect(usage.status).toBe(2);
    // (This project had its own package.json, so init left its scripts alone.)
    expect(sh(join(app, "node_modules", ".bin", "vitest"), ["run"], app)).toMatch(/Tests\s+1 passed/);
  });
});
