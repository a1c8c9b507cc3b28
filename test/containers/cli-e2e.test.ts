// The CLI end to end, as a user gets it: the packed tarball installed into a fresh project with
// an ordinary dependency; init, a second function at the project root with a nested handler using
// that dependency and an AWS SDK package it does not declare, build, dev + invoke (with an edit),
// and both images started and invoked in containers. The installed package is read-only all along
// and must come out unchanged: its caches belong in the project's node_modules/.cache/tslambda.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { LambdaContainer } from "../helpers/lambda-container.ts";

const docker = inject("docker");
const repo = resolve(".");
const env = { ...process.env, npm_config_update_notifier: "false", FORCE_COLOR: "0", NO_COLOR: "1" };
const sh = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
const orders = (greeting: string) =>
  `import ms from "ms";\nimport { HostAddressType } from "@aws-sdk/types";\n` +
  `export const handler = async (event: { wait?: string }) => ({ greeting: ${JSON.stringify(greeting)}, ms: ms(event.wait ?? "2s"), table: process.env["TABLE"], sdk: HostAddressType.AAAA });\n`;

/** Every entry under `dir` with its size and modification time: what "unchanged" compares. */
async function snapshot(dir: string): Promise<string[]> {
  const paths = await readdir(dir, { recursive: true });
  const lines = await Promise.all(paths.map(async (path) => {
    const s = await lstat(join(dir, path));
    return `${path}\t${s.size}\t${s.mtimeMs}`;
  }));
  return lines.sort();
}

let work = "";
let dev: ChildProcess | undefined;
const tag = `e2e-${process.pid}`;

afterAll(async () => {
  dev?.kill("SIGTERM");
  if (docker) execFileSync("docker", ["image", "rm", "-f", `tslambda/hello:${tag}`, `tslambda/orders:${tag}`], { stdio: "ignore" });
  if (work) {
    execFileSync("chmod", ["-R", "u+w", work]);
    await rm(work, { recursive: true, force: true });
  }
});

describe.skipIf(!docker)("tslambda from its tarball", () => {
  it("init, a second function at the root, build, dev with invokes and an edit, images in containers; the package stays unchanged", async () => {
    // 1-3: pack, a project outside the repository, the tarball and an ordinary dependency.
    work = await mkdtemp(join(tmpdir(), "tslambda-e2e-"));
    const packed = sh("npm", ["pack", "--pack-destination", work, "--loglevel=error"], repo).trim().split("\n").pop()!;
    const app = join(work, "app");
    await mkdir(join(app, "src"), { recursive: true });
    await writeFile(join(app, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
    sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", join(work, packed), "ms@2.1.3"], app);
    const bin = join(app, "node_modules", ".bin", "tslambda");
    const cli = (...args: string[]) => sh(bin, args, app);
    // Read-only, as in a shared or store-linked install (root ignores the mode: the snapshot tells).
    const pkg = join(app, "node_modules", "tslambda");
    execFileSync("chmod", ["-R", "a-w", pkg]);
    const installed = await snapshot(pkg);

    // 4: init, then orders at the project root with a nested handler spec, using the dependency.
    expect(cli("init")).toContain("wrote functions/hello/index.ts");
    await writeFile(join(app, "src", "orders.ts"), orders("v1"));
    await writeFile(
      join(app, "tslambda.config.ts"),
      `import { defineConfig } from "tslambda/config";\nexport default defineConfig({ functions: { orders: { handler: "src/orders.handler", memory: 256, environment: { TABLE: "orders" } } } });\n`,
    );

    // 5: build.
    const built = cli("build");
    expect(built).toMatch(/^hello\t\.tslambda\/build\/hello\ttask \d/m);
    expect(built).toMatch(/^orders\t\.tslambda\/build\/orders\ttask \d/m);
    expect((await stat(join(app, ".tslambda", "build", "orders", "task", "src", "orders.mjs"))).isFile()).toBe(true);
    expect(JSON.parse(await readFile(join(app, ".tslambda", "build", "orders", "function.json"), "utf8"))).toMatchObject({ handler: "src/orders.handler", module: "src/orders.mjs" });

    // 6: dev, invoke both, edit, invoke again.
    const lines: string[] = [];
    dev = spawn(bin, ["dev", "--port", "0"], { cwd: app, env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [dev.stdout!, dev.stderr!]) stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n")));
    await expect.poll(() => lines.find((l) => l.startsWith("[dev] orders: tslambda invoke orders --endpoint")), { timeout: 60_000 }).toBeDefined();
    const endpoint = /--endpoint (\S+)/.exec(lines.find((l) => l.startsWith("[dev] orders: tslambda invoke"))!)![1]!;
    expect(JSON.parse(cli("invoke", "orders", "--endpoint", endpoint, "-d", '{"wait":"1m"}'))).toEqual({ greeting: "v1", ms: 60_000, table: "orders", sdk: "AAAA" });
    expect(JSON.parse(cli("invoke", "hello", "--endpoint", endpoint, "--event", "sqs"))).toEqual({ batchItemFailures: [] });
    await writeFile(join(app, "src", "orders.ts"), orders("v2"));
    await expect.poll(() => lines.some((l) => /^\[dev\] orders: rebuilt in \d+ ms/.test(l)), { timeout: 30_000 }).toBe(true);
    expect(JSON.parse(cli("invoke", "orders", "--endpoint", endpoint))).toMatchObject({ greeting: "v2", ms: 2000 });
    dev.kill("SIGTERM");

    // The caches went to the project, and nothing inside the installed package changed.
    const cache = join(app, "node_modules", ".cache", "tslambda");
    expect((await stat(join(cache, "emulator.mjs"))).isFile()).toBe(true);
    expect((await stat(join(cache, "aws-sdk"))).isDirectory()).toBe(true);
    expect(await snapshot(pkg)).toEqual(installed);

    // 7: both images, started and invoked: orders is the project root with its installed packages.
    cli("image", "hello", "orders", "--platform", "linux/amd64", "--tag", tag);
    {
      await using fn = await new LambdaContainer(`tslambda/hello:${tag}`).start();
      const sqs = JSON.parse(cli("events", "sqs"));
      expect((await fn.invoke(sqs)).json()).toEqual({ batchItemFailures: [] });
    }
    await using fn = await new LambdaContainer(`tslambda/orders:${tag}`).withEnvironment({ TABLE: "in-image" }).start();
    expect((await fn.invoke({ wait: "1m" })).json()).toEqual({ greeting: "v2", ms: 60_000, table: "in-image", sdk: "AAAA" });
    expect(await snapshot(pkg)).toEqual(installed);
  }, 900_000);
});
