// What bench/run.ts measures: the floor, tslambda's builds of the echo demo and of the DynamoDB
// function, and the same functions under AWS's Runtime Interface Client when it is present.
import { join, resolve } from "node:path";
import { buildFunction } from "../scripts/build.ts";
import { NAMES } from "./figures.ts";
import { RIC_ENTRY, ricDynamodbTask, ricEchoTask, ricVersion } from "./ric.ts";
import { runtimeCommand } from "../runtime/node-flags.ts";

export interface Subject {
  name: string;
  command: string[];
  /** Working directory (the RIC, like Lambda, runs in the task directory). */
  cwd?: string;
  env?: Record<string, string>;
  /** The JavaScript the build ships and the process loads: runtime and task bundle. */
  bundle?: string[];
  /**
   * exit: spawn to exit only (`node -e 0`); init: cold init and first invoke (the SDK function);
   * loop: everything, warm invokes at both sizes included.
   */
  kind: "exit" | "init" | "loop";
}

const SDK_FUNCTION = "bench/functions/dynamodb";

/** As Lambda starts a function: the task directory, the handler and the function's identity. */
function lambdaEnv(taskDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LAMBDA_TASK_ROOT: taskDir,
    _HANDLER: "index.handler",
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/bench",
    AWS_LAMBDA_LOG_STREAM_NAME: "2026/01/01/[$LATEST]bench",
    AWS_REGION: "us-east-1",
    ...extra,
  };
}

export async function buildSubjects(benchDir: string): Promise<{ subjects: Subject[]; notes: string[] }> {
  const node = process.execPath;
  const notes: string[] = [];
  const nodeHttp = join(benchDir, "echo-node-http");
  const undici = join(benchDir, "echo-undici");
  const sdk = join(benchDir, "dynamodb");
  await buildFunction({ functionDir: "demos/echo", outDir: nodeHttp });
  await buildFunction({ functionDir: "demos/echo", outDir: undici, transport: "undici" });
  await buildFunction({ functionDir: SDK_FUNCTION, outDir: sdk });
  const tslambda = (name: string, out: string, kind: Subject["kind"], extra: Record<string, string> = {}): Subject => ({
    name,
    // As Lambda runs it: the bootstrap's first line adds the runtime's option.
    command: runtimeCommand(join(out, "bootstrap")),
    env: lambdaEnv(join(out, "task"), extra),
    bundle: [join(out, "bootstrap"), join(out, "task", "index.mjs")],
    kind,
  });
  const subjects: Subject[] = [
    { name: NAMES.nodeExit, command: [node, "-e", "0"], kind: "exit" },
    { name: NAMES.floor, command: [node, resolve("bench/minimal-loop.mjs")], env: lambdaEnv(benchDir), bundle: [resolve("bench/minimal-loop.mjs")], kind: "loop" },
    tslambda(NAMES.tslambda, nodeHttp, "loop"),
    tslambda("tslambda raw", nodeHttp, "loop", { ECHO_MODE: "raw" }),
    tslambda("tslambda json (undici)", undici, "loop"),
    tslambda("tslambda raw (undici)", undici, "loop", { ECHO_MODE: "raw" }),
    tslambda(NAMES.tslambdaSdk, sdk, "init"),
  ];

  const version = ricVersion();
  if (version === undefined) {
    notes.push(`aws-lambda-ric not found at ${RIC_ENTRY}: AWS's client is left out of this run (the bench does not install it)`);
  } else {
    if (version !== "4.0.2") notes.push(`aws-lambda-ric is ${version}, the figures in the README are for 4.0.2`);
    const ric = (name: string, taskDir: string, kind: Subject["kind"]): Subject => ({
      name,
      command: [node, RIC_ENTRY, "index.handler"],
      cwd: taskDir,
      env: lambdaEnv(taskDir),
      kind,
    });
    subjects.push(ric(NAMES.ric, ricEchoTask(benchDir), "loop"));
    try {
      subjects.push(ric(NAMES.ricSdk, await ricDynamodbTask(benchDir, SDK_FUNCTION), "init"));
    } catch (error) {
      notes.push(`the DynamoDB function under aws-lambda-ric is left out: ${(error as Error).message}`);
    }
  }
  return { subjects, notes };
}
