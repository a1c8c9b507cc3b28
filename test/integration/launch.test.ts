// The bootstrap as Lambda starts it: executed, so its first line picks Node.js and the runtime's
// option (runtime/node-flags.ts).
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NODE_FLAG } from "../../runtime/node-flags.ts";
import { buildFunction } from "../../scripts/build.ts";
import { LocalFunction } from "../helpers/local-function.ts";

const BUILT = "executable/debug";

/** Names of a process's threads, from /proc. */
function threadNames(pid: number): string[] {
  const tasks = `/proc/${pid}/task`;
  return readdirSync(tasks).map((tid) => readFileSync(`${tasks}/${tid}/comm`, "utf8").trim());
}

describe("a bootstrap built for Lambda, executed", () => {
  beforeAll(async () => {
    await buildFunction({ functionDir: "demos/debug", outDir: resolve("dist", BUILT), shebang: process.execPath });
  }, 120_000);

  it("starts with the Node.js option from its first line", () => {
    const first = readFileSync(resolve("dist", BUILT, "bootstrap"), "utf8").split("\n")[0];
    expect(first).toBe(`#!${process.execPath} ${NODE_FLAG}`);
  });

  it("runs the function on Node.js with two V8 worker threads instead of four", async () => {
    await using fn = await LocalFunction.start(BUILT, {}, "executed");
    const res = await fn.invoke({ probe: "launch" });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.event).toEqual({ probe: "launch" });
    expect(body.runtime.execArgv).toEqual([NODE_FLAG]);
    expect(threadNames(body.runtime.pid).filter((name) => name === "V8Worker")).toHaveLength(2);
  });
});
