// `tslambda build --zip` (issue 11): the zip the CLI writes, for each architecture, unpacked into
// /var/task of the OS-only image (provided.al2023's stand-in here) and started as Lambda starts
// it: /var/task/bootstrap, executed by the zip's emulator as by AWS's RIE, which the test invokes.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterAll, describe, expect, inject, it } from "vitest";
import { NODE_FLAG } from "../../runtime/node-flags.ts";
import { containerUrl } from "../helpers/container-url.ts";
import { startUnpackedZip } from "../helpers/zip-container.ts";
import { runCli } from "../helpers/run-cli.ts";

const docker = inject("docker");
const LAMBDA_ZIP_LIMIT = 50 * 1000 * 1000;
const ARCHES = [
  { lambda: "x86_64", platform: "linux/amd64", elfMachine: 0x3e, nodeArch: "x64" },
  { lambda: "arm64", platform: "linux/arm64", elfMachine: 0xb7, nodeArch: "arm64" },
] as const;
const HANDLER = 'export const handler = async (event: unknown) => ({ event, arch: process.arch, node: process.version, execPath: process.execPath, execArgv: process.execArgv });\n';

let project = "";
afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

describe.skipIf(!docker)("tslambda build --zip", () => {
  it.each(ARCHES)("the $lambda zip runs from /var/task of an OS-only image ($platform)", async ({ lambda, platform, elfMachine, nodeArch }) => {
    project ||= await mkdtemp(join(tmpdir(), "tslambda-zip-"));
    await mkdir(join(project, "functions", "greet"), { recursive: true });
    await writeFile(join(project, "functions", "greet", "index.ts"), HANDLER);

    const built = await runCli(["build", "greet", "--arch", lambda, "--zip"], { cwd: project });
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    expect(built.stdout).toContain(`greet\t.tslambda/build/greet-${lambda}.zip\t`);
    const zip = join(project, ".tslambda", "build", `greet-${lambda}.zip`);
    expect((await stat(zip)).size).toBeLessThan(LAMBDA_ZIP_LIMIT);

    const listing = execFileSync("unzip", ["-Z", zip], { encoding: "utf8" });
    expect(listing).toMatch(/^-rwxr-xr-x .* bootstrap$/m);
    expect(listing).toMatch(/^-rwxr-xr-x .* tslambda\/bin\/node$/m);
    expect(listing).toMatch(/ index\.mjs$/m);
    const node = execFileSync("unzip", ["-p", zip, "tslambda/bin/node"], { maxBuffer: 512 * 1024 * 1024 });
    expect(node.readUInt16LE(18)).toBe(elfMachine);
    // Stripped as in the image: the official binary is ~126 MB (x64) / ~121 MB (arm64) with symbols.
    expect(node.length).toBeLessThan(110 * 1000 * 1000);

    const task = await mkdtemp(join(tmpdir(), "tslambda-zip-task-"));
    try {
      execFileSync("unzip", ["-q", zip, "-d", task]);
      const container = await startUnpackedZip(task, platform, "executed");
      try {
        const res = await request(containerUrl(container, 8080, "/2015-03-31/functions/function/invocations"), { method: "POST", body: JSON.stringify({ from: "cli zip" }) });
        expect(res.statusCode).toBe(200);
        // The bootstrap's first line starts the runtime with its Node.js option.
        expect(await res.body.json()).toEqual({ event: { from: "cli zip" }, arch: nodeArch, node: "v24.21.0", execPath: "/var/task/tslambda/bin/node", execArgv: [NODE_FLAG] });
      } finally {
        await container.stop({ timeout: 2_000 });
      }
    } finally {
      await rm(task, { recursive: true, force: true });
    }
  }, 300_000);
});
