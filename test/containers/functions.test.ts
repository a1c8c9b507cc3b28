// Functions as written for AWS's Node.js runtime, in images laid out as AWS's are: the runtime in
// /var/runtime, the function's code and files in /var/task, each its own image layer.
import { execFileSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { LambdaContainer } from "../helpers/lambda-container.ts";
import { solidPng } from "../helpers/png.ts";

const docker = inject("docker");

/** Layer diff ids of an image, each with the instruction that made it. */
function layers(image: string): { instruction: string; digest: string }[] {
  const digests = JSON.parse(execFileSync("docker", ["image", "inspect", image, "--format", "{{json .RootFS.Layers}}"], { encoding: "utf8" })) as string[];
  const history = execFileSync("docker", ["history", "--no-trunc", "--format", "{{.CreatedBy}}", image], { encoding: "utf8" }).trim().split("\n").reverse();
  const instructions = history.filter((line) => /^(COPY|ADD|RUN|WORKDIR)\b/.test(line));
  expect(instructions).toHaveLength(digests.length);
  return digests.map((digest, i) => ({ instruction: instructions[i]!, digest }));
}

const layerFor = (all: { instruction: string; digest: string }[], destination: string) => all.find((l) => l.instruction.includes(` ${destination} `));

describe.skipIf(!docker)("functions in images", () => {
  it("files beside the handler: import.meta.url, __dirname in CommonJS, and /var/task as the working directory", async () => {
    await using fn = await new LambdaContainer("tslambda/fixture-files:dev").start();
    const body = (await fn.invoke({})).json();
    expect(body).toMatchObject({ viaImportMeta: "template beside the handler", viaDirname: "template beside the handler", viaNested: "beside lib/reader", viaCwd: '{"from":"cwd"}', cwd: "/var/task" });
    expect(body.shipped).toEqual(["data", "data/config.json", "index.mjs", "index.mjs.map", "lib", "lib/nested.txt", "template.txt"]);
  });

  it("FUNCTION_HANDLER=src/app.handler: the image runs /var/task/src/app.mjs and errors point into it", async () => {
    await using fn = await new LambdaContainer("tslambda/fixture-src-handler:dev").start();
    expect((await fn.invoke({ name: "image" })).json()).toMatchObject({ greeting: "hello image", module: "file:///var/task/src/app.mjs" });
    const failed = (await fn.invoke({ fail: true })).json();
    expect(failed).toMatchObject({ errorType: "TypeError", errorMessage: "asked to fail" });
    expect(failed.trace.join("\n")).toMatch(/src\/app\.ts:\d+:\d+/);
  });

  it("sharp resizes a PNG in the arm64 image (its arm64 binary installed by an amd64-or-arm64 build)", async () => {
    await using fn = await new LambdaContainer("tslambda/fixture-sharp:dev").withPlatform("linux/arm64").start();
    const res = await fn.invoke({ png: solidPng(16, 8).toString("base64"), width: 4 });
    expect(res.json()).toEqual({ width: 4, height: 2, format: "png", arch: "arm64" });
  });

  it("the compile cache made under arm64 emulation is taken for /var/task/index.mjs by a user other than the image's, as on Lambda", async () => {
    await using fn = await new LambdaContainer("tslambda/fixture-aws-sdk:dev")
      .withPlatform("linux/arm64")
      .withUser("993:990")
      .withFunctionEnv({ NODE_DEBUG_NATIVE: "COMPILE_CACHE" })
      .start();
    expect((await fn.invoke({})).json()).toEqual({ send: "function", region: "eu-west-1" });
    await fn.waitForLog(/V8 code cache for ESM file:\/\/\/var\/task\/index\.mjs was accepted/);
  });

  it("two functions share the Node.js and runtime layers byte for byte; only the function's layer differs", () => {
    const echo = layers("tslambda/echo:dev");
    const fail = layers("tslambda/fail:dev");
    for (const destination of ["/var/lang/bin/node", "/var/runtime/"]) {
      const a = layerFor(echo, destination);
      const b = layerFor(fail, destination);
      expect(a, `no layer for ${destination}`).toBeDefined();
      expect(a!.digest, destination).toBe(b!.digest);
    }
    expect(layerFor(echo, "/var/task/")!.digest).not.toBe(layerFor(fail, "/var/task/")!.digest);
    const differing = echo.filter((layer, i) => fail[i]?.digest !== layer.digest);
    expect(differing.map((l) => l.instruction)).toEqual([expect.stringContaining("/var/task/")]);
  });
});
