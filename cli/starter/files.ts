// The starter project `tslambda init` writes: one function with a test, the config file and a
// strict NodeNext tsconfig. package.json is separate because it is written only when missing.

export interface StarterFile {
  /** Relative to the project directory, with '/' separators. */
  path: string;
  content: string;
}

const HANDLER = `// An SQS consumer: reports the messages it could not process so only those are retried
// (needs ReportBatchItemFailures on the event source mapping).
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { Context } from "tslambda";

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const message: unknown = JSON.parse(record.body);
      console.log("hello from", context.functionName, "message", record.messageId, message);
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
`;

const HANDLER_TEST = `// Calls the handler directly, as Lambda would, with a made-up context.
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { Context } from "tslambda";
import { describe, expect, it } from "vitest";
import { handler } from "./index.ts";

const context: Context = {
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:hello",
  functionName: "hello",
  functionVersion: "$LATEST",
  memoryLimitInMB: "128",
  logGroupName: "/aws/lambda/hello",
  logStreamName: "2025/06/01/[$LATEST]0123456789abcdef",
  callbackWaitsForEmptyEventLoop: false,
  deadline: Date.now() + 3000,
  getRemainingTimeInMillis: () => 3000,
  signal: new AbortController().signal,
};

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: "AQEB",
  body,
  attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "AIDA", ApproximateFirstReceiveTimestamp: "0" },
  messageAttributes: {},
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:my-queue",
  awsRegion: "us-east-1",
});

describe("hello", () => {
  it("reports only the messages that are not JSON as failures", async () => {
    const event: SQSEvent = { Records: [record("ok-1", '{"orderId":"1"}'), record("bad-1", "not json")] };
    const result = await handler(event, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "bad-1" }]);
  });
});
`;

const CONFIG = `// Optional: without this file every functions/<name>/index.ts is a function with the defaults.
import { defineConfig } from "tslambda/config";

export default defineConfig({
  functions: {
    hello: {
      handler: "index.handler",
      memory: 128,
      timeout: 3,
      environment: { LOG_LEVEL: "info" },
    },
  },
});
`;

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: "es2024",
      module: "nodenext",
      moduleResolution: "nodenext",
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      erasableSyntaxOnly: true,
      allowImportingTsExtensions: true,
      noEmit: true,
    },
    include: ["functions", "tslambda.config.ts"],
  },
  null,
  2,
)}\n`;

export const STARTER_FILES: readonly StarterFile[] = [
  { path: "functions/hello/index.ts", content: HANDLER },
  { path: "functions/hello/index.test.ts", content: HANDLER_TEST },
  { path: "tslambda.config.ts", content: CONFIG },
  { path: "tsconfig.json", content: TSCONFIG },
];

/** devDependencies of a starter project; versions are the ones this package is tested with. */
export function starterPackageJson(name: string, versions: { tslambda: string; typescript: string; vitest: string; typesNode: string }): string {
  const pkg = {
    name,
    private: true,
    type: "module",
    scripts: { test: "vitest run", typecheck: "tsc" },
    devDependencies: { "@types/node": versions.typesNode, tslambda: versions.tslambda, typescript: versions.typescript, vitest: versions.vitest },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
