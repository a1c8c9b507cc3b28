// Functions written for AWS's Node.js runtime run unchanged: handler specs with a path, CommonJS,
// files beside the handler, native modules, the preinstalled AWS SDK.
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LocalFunction } from "../helpers/local-function.ts";
import { solidPng } from "../helpers/png.ts";

const task = (fixture: string) => resolve("dist/fixtures", fixture, "task");

describe("functions as written for AWS's Node.js runtime", () => {
  it("runs a handler in src/app.ts named by _HANDLER=src/app.handler, from task/src/app.mjs", async () => {
    await using fn = await LocalFunction.start("fixtures/src-handler");
    const res = await fn.invoke({ name: "spec" });
    expect(res.json()).toMatchObject({ greeting: "hello spec", module: `file://${task("src-handler")}/src/app.mjs` });
  });

  it("reports an error thrown from src/app with a stack through the shipped module", async () => {
    await using fn = await LocalFunction.start("fixtures/src-handler");
    const res = await fn.invoke({ fail: true });
    expect(res.functionError).toBe("Unhandled");
    const body = res.json();
    expect(body).toMatchObject({ errorType: "TypeError", errorMessage: "asked to fail" });
    expect(body.trace.join("\n")).toMatch(/src\/app\.ts:\d+:\d+/);
  });

  it("says which module is missing when _HANDLER names one that is not there", async () => {
    await using fn = await LocalFunction.start("fixtures/src-handler", { _HANDLER: "src/nothing.handler" });
    const res = await fn.invoke({});
    expect(res.json()).toMatchObject({ errorType: "Runtime.ImportModuleError" });
    expect(res.json().errorMessage).toContain("src/nothing");
  });

  it("runs a CommonJS handler module (index.cjs) with its exports, module and __filename", async () => {
    await using fn = await LocalFunction.start("fixtures/cjs-entry");
    const res = await fn.invoke({ n: 1 });
    expect(res.json()).toEqual({ commonjs: true, file: "index.cjs", event: { n: 1 } });
  });

  it("reads files beside the handler via import.meta.url, __dirname in CommonJS, and the working directory", async () => {
    await using fn = await LocalFunction.start("fixtures/files");
    const body = (await fn.invoke({})).json();
    expect(body).toMatchObject({ viaImportMeta: "template beside the handler", viaDirname: "template beside the handler", viaNested: "beside lib/reader", viaCwd: '{"from":"cwd"}', cwd: task("files") });
    // Sources, tests, declarations and tsconfig stay behind.
    expect(body.shipped).toEqual(["data", "data/config.json", "index.mjs", "index.mjs.map", "lib", "lib/nested.txt", "template.txt"]);
  });

  it("runs sharp, a native module installed into task/node_modules for this platform", async () => {
    expect(existsSync(resolve(task("sharp"), "node_modules/sharp/package.json"))).toBe(true);
    await using fn = await LocalFunction.start("fixtures/sharp");
    const res = await fn.invoke({ png: solidPng(8, 4).toString("base64"), width: 4 });
    expect(res.json()).toEqual({ width: 4, height: 2, format: "png", arch: process.arch });
  });

  it("builds and runs a function importing @aws-sdk/client-s3 without a package.json", async () => {
    await using fn = await LocalFunction.start("fixtures/aws-sdk");
    const res = await fn.invoke({});
    expect(res.json()).toEqual({ send: "function", region: "eu-west-1" });
  });

  it("sends a signed request with a DynamoDB Document client bundled from the SDK's ES modules, and reads the answer", async () => {
    const seen: { target: string | undefined; authorization: string; body: string }[] = [];
    const dynamodb = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ target: req.headers["x-amz-target"] as string | undefined, authorization: String(req.headers.authorization), body });
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        res.end(JSON.stringify({ Item: { id: { S: "a1" }, count: { N: "42" } } }));
      });
    });
    await new Promise<void>((listening) => dynamodb.listen(0, "127.0.0.1", listening));
    try {
      await using fn = await LocalFunction.start("fixtures/dynamodb-call", { DYNAMODB_ENDPOINT: `http://127.0.0.1:${(dynamodb.address() as AddressInfo).port}` });
      expect((await fn.invoke({ id: "a1" })).json()).toEqual({ id: "a1", count: 42 });
      expect(seen).toEqual([{ target: "DynamoDB_20120810.GetItem", authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\//), body: JSON.stringify({ TableName: "items", Key: { id: { S: "a1" } } }) }]);
    } finally {
      dynamodb.close();
    }
  });

  describe("the compile cache the build ships beside the runtime", () => {
    // Node.js says what it does with the cache on stderr under NODE_DEBUG_NATIVE=COMPILE_CACHE.
    const debug = { NODE_DEBUG_NATIVE: "COMPILE_CACHE" };
    const verdicts = (fn: LocalFunction, module: string) => fn.logs().filter((line) => line.includes(`for ESM file://${module}`) && /was (accepted|rejected|not initialized)/.test(line));

    it("is made for this Node.js and architecture and used for the task module", async () => {
      const tags = readdirSync(resolve("dist/fixtures/aws-sdk/compile-cache"));
      expect(tags).toEqual([expect.stringMatching(new RegExp(`^v${process.versions.node}-${process.arch}-[0-9a-f]+$`))]);
      await using fn = await LocalFunction.start("fixtures/aws-sdk", debug);
      expect((await fn.invoke({})).json()).toEqual({ send: "function", region: "eu-west-1" });
      expect(verdicts(fn, `${task("aws-sdk")}/index.mjs`).join("\n")).toContain("was accepted");
    });

    it("is passed over, and the function runs the same, when the task module changed after the build", async () => {
      const copy = join(mkdtempSync(join(tmpdir(), "stale-cache-")), "aws-sdk");
      cpSync(resolve("dist/fixtures/aws-sdk"), copy, { recursive: true });
      appendFileSync(join(copy, "task", "index.mjs"), "\n// changed after the build\n");
      await using fn = await LocalFunction.start(copy, debug);
      expect((await fn.invoke({})).json()).toEqual({ send: "function", region: "eu-west-1" });
      expect(verdicts(fn, `${copy}/task/index.mjs`).join("\n")).not.toContain("was accepted");
    });
  });
});
