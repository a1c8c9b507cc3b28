import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { request } from "undici";
import { describe, expect, inject, it } from "vitest";
import { NODE_FLAG } from "../../runtime/node-flags.ts";
import { containerUrl } from "../helpers/container-url.ts";
import { LambdaContainer } from "../helpers/lambda-container.ts";

const docker = inject("docker");
const OS_ONLY_IMAGE = "public.ecr.aws/lambda/provided:al2023";
const dist = (name: string) => resolve("dist", name);

function unpack(...zips: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "layer-"));
  for (const zip of zips) execFileSync("unzip", ["-q", "-o", zip, "-d", dir]);
  return dir;
}

function listing(zip: string): string {
  return execFileSync("unzip", ["-Z", zip], { encoding: "utf8" });
}

async function startOnLayers(platform: string, opt: string, task: string, env: Record<string, string> = {}): Promise<{ container: StartedTestContainer; lines: string[] }> {
  const lines: string[] = [];
  const container = await new GenericContainer(OS_ONLY_IMAGE)
    .withPlatform(platform)
    .withCopyDirectoriesToContainer([{ source: opt, target: "/opt" }, { source: task, target: "/var/task" }])
    .withEnvironment({ _HANDLER: "index.handler", ...env })
    .withEntrypoint(["/opt/bootstrap"])
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forLogMessage(/tslambda emulator: invoke API on/))
    .withStartupTimeout(120_000)
    .withLogConsumer((stream) => stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString().split("\n").filter(Boolean))))
    .start();
  return { container, lines };
}

async function invoke(container: StartedTestContainer, event: unknown): Promise<unknown> {
  const res = await request(containerUrl(container, 8080, "/2015-03-31/functions/function/invocations"), { method: "POST", body: JSON.stringify(event) });
  return res.body.json();
}

describe.skipIf(!docker)("layers", () => {
  it.each(["x86_64", "arm64"])("the %s runtime layer unpacks to /opt's documented paths", (arch) => {
    const zip = dist(`tslambda-runtime-layer-${arch}.zip`);
    expect(statSync(zip).size).toBeLessThan(50 * 1000 * 1000);
    const files = listing(zip);
    expect(files).toMatch(/^-rwxr-xr-x .* bootstrap$/m);
    expect(files).toMatch(/^-rwxr-xr-x .* bin\/node$/m);
    for (const file of ["index.mjs", "bootstrap.mjs", "extension.mjs", "emulator.mjs", "package.json"]) {
      expect(files).toMatch(new RegExp(` nodejs/node_modules/tslambda/${file.replace(".", "\\.")}$`, "m"));
    }
    expect(execFileSync("unzip", ["-p", zip, "bootstrap"], { encoding: "utf8" }).split("\n")[0]).toBe(`#!/opt/bin/node ${NODE_FLAG}`);
  });

  it("the extension layer holds executables under extensions/, run by the runtime layer's Node.js", () => {
    const zip = dist("extension-extensions-layer-x86_64.zip");
    expect(listing(zip)).toMatch(/^-rwxr-xr-x .* extensions\/invocation-counter$/m);
    expect(execFileSync("unzip", ["-p", zip, "extensions/invocation-counter"], { encoding: "utf8" }).split("\n")[0]).toBe("#!/opt/bin/node");
  });

  it("a function zip for the runtime layer holds only its own code, as in /var/task (echo: under 2 KB)", () => {
    const zip = dist("echo-layered-x86_64.zip");
    expect(statSync(zip).size).toBeLessThan(2048);
    expect(execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).trim().split("\n")).toEqual(["index.mjs", "index.mjs.map"]);
  });

  it.each([
    { arch: "x86_64", platform: "linux/amd64" },
    { arch: "arm64", platform: "linux/arm64" },
  ])("echo runs from /var/task on the runtime layer in /opt ($platform)", async ({ arch, platform }) => {
    const { container } = await startOnLayers(platform, unpack(dist(`tslambda-runtime-layer-${arch}.zip`)), unpack(dist(`echo-layered-${arch}.zip`)));
    try {
      expect(await invoke(container, { layered: arch })).toEqual({ layered: arch });
    } finally {
      await container.stop({ timeout: 2_000 });
    }
  });

  it("the extension demo runs on the runtime layer plus its extension layer", async () => {
    const opt = unpack(dist("tslambda-runtime-layer-x86_64.zip"), dist("extension-extensions-layer-x86_64.zip"));
    const { container, lines } = await startOnLayers("linux/amd64", opt, unpack(dist("extension-layered-x86_64.zip")));
    try {
      const result = (await invoke(container, { n: 1 })) as { requestId: string };
      await expect.poll(() => lines).toContain(`[extension invocation-counter] INVOKE ${result.requestId}`);
    } finally {
      await container.stop({ timeout: 5_000 });
    }
    await expect.poll(() => lines.some((l) => l.includes("summary: 1 invokes"))).toBe(true);
  });

  it("a function image takes layer content into /opt (LAYERS_DIR)", async () => {
    const layers = unpack(dist("extension-extensions-layer-x86_64.zip"));
    execFileSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "--progress=quiet", "function"], {
      env: { ...process.env, FUNCTION_DIR: "demos/echo", FUNCTION_NAME: "echo-with-layer", LAYERS_DIR: layers, PLATFORMS: "linux/amd64", TAG: "test" },
      stdio: "inherit",
    });
    await using fn = await new LambdaContainer("tslambda/echo-with-layer:test").start();
    const res = await fn.invoke({ with: "layer" });
    expect(res.json()).toEqual({ with: "layer" });
    await fn.waitForLog(new RegExp(`\\[extension invocation-counter\\] INVOKE ${res.requestId}`));
  });
});
