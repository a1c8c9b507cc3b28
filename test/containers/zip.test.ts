import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { request } from "undici";
import { describe, expect, inject, it } from "vitest";
import { NODE_FLAG } from "../../runtime/node-flags.ts";
import { containerUrl } from "../helpers/container-url.ts";
import { startUnpackedZip } from "../helpers/zip-container.ts";

const docker = inject("docker");
const DEMOS = ["echo", "debug", "fail", "oversize", "stream", "extension", "telemetry"];
const ARCHES = [
  { lambda: "x86_64", platform: "linux/amd64" },
  { lambda: "arm64", platform: "linux/arm64" },
];
const LAMBDA_ZIP_LIMIT = 50 * 1000 * 1000;

const zipPath = (demo: string, arch: string) => resolve("dist", `${demo}-${arch}.zip`);

function unpack(zip: string): string {
  const dir = mkdtempSync(join(tmpdir(), "task-"));
  execFileSync("unzip", ["-q", zip, "-d", dir]);
  return dir;
}

describe.skipIf(!docker)("zip export", () => {
  it.each(DEMOS.flatMap((demo) => ARCHES.map((arch) => [demo, arch.lambda])))("dist/%s-%s.zip: bootstrap at the root, the function beside it, the runtime in tslambda/, under 50 MB", (demo, arch) => {
    const zip = zipPath(demo!, arch!);
    expect(statSync(zip).size).toBeLessThan(LAMBDA_ZIP_LIMIT);
    const listing = execFileSync("unzip", ["-Z", zip], { encoding: "utf8" });
    expect(listing).toMatch(/^-rwxr-xr-x .* bootstrap$/m);
    expect(listing).toMatch(/^-rwxr-xr-x .* tslambda\/bin\/node$/m);
    expect(listing).toMatch(/ tslambda\/bootstrap$/m);
    expect(listing).toMatch(/ tslambda\/emulator\.mjs$/m);
    expect(listing).toMatch(/ index\.mjs$/m);
    const bootstrap = execFileSync("unzip", ["-p", zip, "bootstrap"], { encoding: "utf8" });
    expect(bootstrap.split("\n")[0]).toBe(`#!/var/task/tslambda/bin/node ${NODE_FLAG}`);
    const node = execFileSync("unzip", ["-p", zip, "tslambda/bin/node"], { maxBuffer: 512 * 1024 * 1024 }).subarray(0, 20);
    // ELF e_machine: 0x3e x86-64, 0xb7 AArch64.
    expect(node.readUInt16LE(18)).toBe(arch === "x86_64" ? 0x3e : 0xb7);
  });

  it.each(ARCHES)("the $lambda zip runs from /var/task of an OS-only image ($platform)", async ({ lambda, platform }) => {
    const task = unpack(zipPath("echo", lambda));
    const container = await startUnpackedZip(task, platform);
    try {
      const res = await request(containerUrl(container, 8080, "/2015-03-31/functions/function/invocations"), {
        method: "POST",
        body: JSON.stringify({ from: "zip", arch: lambda }),
      });
      expect(res.statusCode).toBe(200);
      expect(await res.body.json()).toEqual({ from: "zip", arch: lambda });
    } finally {
      await container.stop({ timeout: 2_000 });
    }
  });

  it("the debug zip, its bootstrap executed as Lambda executes it, runs the runtime with its Node.js option", async () => {
    const container = await startUnpackedZip(unpack(zipPath("debug", "x86_64")), "linux/amd64", "executed");
    try {
      const res = await request(containerUrl(container, 8080, "/2015-03-31/functions/function/invocations"), { method: "POST", body: "{}" });
      expect(res.statusCode).toBe(200);
      const body = (await res.body.json()) as { runtime: { execArgv: string[]; node: string } };
      expect(body.runtime).toMatchObject({ node: "v24.21.0", execArgv: [NODE_FLAG] });
    } finally {
      await container.stop({ timeout: 2_000 });
    }
  });

  it("is byte-reproducible: rebuilding the zip stages gives identical files", () => {
    const dest = mkdtempSync(join(tmpdir(), "zip-again-"));
    const override = join(dest, "no-cache.json");
    // Re-run every stage the zip is made in (the npm install layer may stay cached).
    writeFileSync(override, JSON.stringify({ target: { "zip-echo": { "no-cache-filter": ["runtime-bundle", "bundle", "task", "node-binary", "zip-files"] } } }));
    execFileSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "-f", override, "--progress=quiet", "zip-echo"], {
      env: { ...process.env, DESTDIR: dest },
      stdio: "inherit",
    });
    for (const { lambda } of ARCHES) {
      const again = readFileSync(join(dest, `echo-${lambda}.zip`));
      expect(again.equals(readFileSync(zipPath("echo", lambda))), `echo-${lambda}.zip differs between builds`).toBe(true);
    }
  });
});
