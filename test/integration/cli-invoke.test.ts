// `tslambda invoke` run as a user runs it (node cli/main.ts) against built demos under the emulator.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalFunction } from "../helpers/local-function.ts";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout chunks with the time each arrived, ms after the start. */
  chunks: Array<{ at: number; text: string }>;
}

async function tslambda(args: string[], stdin?: string): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, ["cli/main.ts", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const chunks: Run["chunks"] = [];
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => chunks.push({ at: Date.now() - started, text }));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  child.stdin.end(stdin ?? "");
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout: chunks.map((c) => c.text).join(""), stderr, chunks };
}

describe("tslambda invoke against the emulator", () => {
  let echo: LocalFunction;
  let fail: LocalFunction;
  let stream: LocalFunction;
  beforeAll(async () => {
    [echo, fail, stream] = await Promise.all([LocalFunction.start("demos/echo"), LocalFunction.start("demos/fail"), LocalFunction.start("demos/stream")]);
  });
  afterAll(async () => {
    await Promise.all([echo?.stop(), fail?.stop(), stream?.stop()]);
  });

  it("prints the result on stdout and exits 0 (--data, --data-file -, --event)", async () => {
    const data = await tslambda(["invoke", "echo", "--endpoint", echo.url, "--data", '{"hello":"wörld"}']);
    expect(data.code).toBe(0);
    expect(JSON.parse(data.stdout)).toEqual({ hello: "wörld" });
    expect(data.stderr).toBe("");

    const piped = await tslambda(["invoke", "echo", "-", "--endpoint", echo.url], '{"from":"stdin"}');
    expect(JSON.parse(piped.stdout)).toEqual({ from: "stdin" });

    const sample = await tslambda(["invoke", "--event", "sqs", "--endpoint", echo.url]);
    expect(sample.code).toBe(0);
    expect(JSON.parse(sample.stdout).Records[0].eventSource).toBe("aws:sqs");
  });

  it("a function error goes to stderr with exit 1", async () => {
    const run = await tslambda(["invoke", "fail", "--endpoint", fail.url, "--data", '{"message":"card declined"}']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(JSON.parse(run.stderr)).toMatchObject({ errorType: "DemoFailure", errorMessage: "card declined" });
  });

  it("--stream prints chunks as they arrive and a streamed function error exits 1", async () => {
    const run = await tslambda(["invoke", "stream", "--stream", "--endpoint", stream.url, "--data", '{"lines":3,"intervalMs":400}']);
    expect(run.code).toBe(0);
    // The raw stream, as InvokeWithResponseStream returns it: the HTTP prelude, 8 NULs, the body.
    expect(run.stdout).toMatch(/^\{"statusCode":200,.*\}\0{8}line 1 of 3/);
    expect(run.stdout.match(/line \d of 3/g)).toEqual(["line 1 of 3", "line 2 of 3", "line 3 of 3"]);
    // The first line was on stdout before the last was written: printed as it arrived.
    const firstAt = run.chunks.find((c) => c.text.includes("line 1 of 3"))!.at;
    const lastAt = run.chunks.find((c) => c.text.includes("line 3 of 3"))!.at;
    expect(lastAt).toBeGreaterThan(firstAt);

    const failed = await tslambda(["invoke", "fail", "--stream", "--endpoint", fail.url, "--data", '{"message":"mid-stream"}']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^DemoFailure: .*"errorMessage":"mid-stream"/);
  });

  it("--tail sends X-Amz-Log-Type: Tail and prints a decoded log result when the emulator returns one", async () => {
    const run = await tslambda(["invoke", "echo", "--tail", "--endpoint", echo.url, "--data", "{}"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({});
    // The emulator's Tail support comes separately; when it answers with X-Amz-Log-Result the
    // decoded log is on stderr (it then carries the REPORT line).
    const direct = await echo.invoke({}, { headers: { "x-amz-log-type": "Tail" } });
    const logResult = direct.headers["x-amz-log-result"];
    if (typeof logResult === "string") expect(run.stderr).toContain("REPORT RequestId:");
    else expect(run.stderr).toBe("");
  });
});
