// The cost of the first error's stack trace: the runtime reads the function's source map only
// when it formats the first error, so the first invoke that throws pays for reading and decoding
// it. The DynamoDB bench function (a 340 KB bundle with the AWS SDK, a 600 KB map: the costly
// case), one process per sample, the first invoke either succeeding or throwing, alternating;
// medians and the median of paired differences.
//   node bench/first-error.ts [--rounds 20]
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildFunction } from "../scripts/build.ts";
import { BenchRuntimeApi } from "./runtime-api.ts";
import { median } from "./stats.ts";
import { runtimeCommand } from "../runtime/node-flags.ts";

const { values } = parseArgs({ options: { rounds: { type: "string" } } });
const ROUNDS = Number(values.rounds ?? 20);
const outDir = resolve(".bench");

async function firstInvokeMs(api: BenchRuntimeApi, address: string, dir: string, event: Buffer): Promise<{ ms: number; path: string }> {
  const [node, ...args] = runtimeCommand(join(dir, "bootstrap"));
  const child = spawn(node!, args, {
    env: { PATH: process.env["PATH"] ?? "", AWS_LAMBDA_RUNTIME_API: address, AWS_LAMBDA_FUNCTION_NAME: "bench", LAMBDA_TASK_ROOT: join(dir, "task"), _HANDLER: "index.handler" },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await api.nextArrival();
  const result = await api.invoke(event);
  child.kill("SIGKILL");
  await exited;
  api.reset();
  return result;
}

async function main(): Promise<void> {
  const subjects = [
    { name: "DynamoDB function", dir: join(outDir, "first-error-dynamodb"), event: '{"fail":true}', ok: '{"fail":false}' },
  ];
  await buildFunction({ functionDir: "bench/functions/dynamodb", outDir: subjects[0]!.dir });
  const api = new BenchRuntimeApi();
  const address = await api.listen();
  console.log(`first invoke that succeeds against one that throws (its trace mapped through the source map), ${ROUNDS} rounds`);
  for (const subject of subjects) {
    const ok: number[] = [];
    const failed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 === 0 ? ["ok", "fail"] : ["fail", "ok"]) {
        const { ms, path } = await firstInvokeMs(api, address, subject.dir, Buffer.from(kind === "ok" ? subject.ok : subject.event));
        (kind === "ok" ? ok : failed).push(ms);
        if (kind === "fail" && !path.endsWith("/error")) throw new Error(`${subject.name}: the failing invoke answered ${path}`);
      }
    }
    const paired = median(failed.map((ms, i) => ms - ok[i]!));
    console.log(`${subject.name}: first invoke ${median(ok).toFixed(2)} ms, first error ${median(failed).toFixed(2)} ms, cost of the first trace +${paired.toFixed(2)} ms (median of paired differences)`);
  }
  await api.close();
}

await main();
