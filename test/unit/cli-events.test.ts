import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../../cli/events/catalog.ts";
import { runCli } from "../helpers/run-cli.ts";

// One override per type and where it must land in the printed JSON.
const OVERRIDES: Record<string, { args: string[]; check: (event: any) => unknown; expected: unknown }> = {
  "apigw-rest": { args: ["--method", "POST", "--path", "/orders/7", "--query", "a=1&a=2", "--body", '{"x":1}'], check: (e) => [e.httpMethod, e.path, e.pathParameters.proxy, e.multiValueQueryStringParameters.a, e.body, e.headers["content-type"]], expected: ["POST", "/orders/7", "orders/7", ["1", "2"], '{"x":1}', "application/json"] },
  "apigw-http": { args: ["--method", "put", "--path", "/items", "--query", "a=1&a=2", "--headers", '{"Cookie":"s=1; t=2"}'], check: (e) => [e.requestContext.http.method, e.rawPath, e.rawQueryString, e.queryStringParameters.a, e.cookies], expected: ["PUT", "/items", "a=1&a=2", "1,2", ["s=1", "t=2"]] },
  "function-url": { args: ["--path", "/stream", "--body", "plain"], check: (e) => [e.rawPath, e.body, e.headers["content-type"], e.routeKey], expected: ["/stream", "plain", "text/plain; charset=utf-8", "$default"] },
  alb: { args: ["--method", "DELETE", "--query", "q=a b"], check: (e) => [e.httpMethod, e.queryStringParameters.q], expected: ["DELETE", "a%20b"] },
  sqs: { args: ["--queue", "orders", "--message", "hi", "--count", "3"], check: (e) => [e.Records.length, e.Records[2].body, e.Records[0].eventSourceARN], expected: [3, "hi", "arn:aws:sqs:us-east-1:123456789012:orders"] },
  sns: { args: ["--topic", "alerts", "--message", "down", "--subject", "pager"], check: (e) => [e.Records[0].Sns.TopicArn, e.Records[0].Sns.Message, e.Records[0].Sns.Subject], expected: ["arn:aws:sns:us-east-1:123456789012:alerts", "down", "pager"] },
  s3: { args: ["--bucket", "photos", "--key", "a dir/b c.jpg", "--event-name", "ObjectRemoved:Delete", "--size", "0"], check: (e) => [e.Records[0].s3.bucket.name, e.Records[0].s3.object.key, e.Records[0].eventName, e.Records[0].s3.object.size], expected: ["photos", "a+dir/b+c.jpg", "ObjectRemoved:Delete", 0] },
  eventbridge: { args: ["--source", "my.app", "--detail-type", "Thing Happened", "--detail", '{"n":2}'], check: (e) => [e.source, e["detail-type"], e.detail], expected: ["my.app", "Thing Happened", { n: 2 }] },
  dynamodb: { args: ["--table", "users", "--event-name", "MODIFY", "--keys", '{"pk":"u#1"}', "--new-image", '{"age":30}'], check: (e) => [e.Records[0].eventName, e.Records[0].dynamodb.Keys, e.Records[0].dynamodb.NewImage.age, e.Records[0].eventSourceARN.split("/")[1]], expected: ["MODIFY", { pk: { S: "u#1" } }, { N: "30" }, "users"] },
  kinesis: { args: ["--stream", "clicks", "--data", "hello", "--partition-key", "p9"], check: (e) => [Buffer.from(e.Records[0].kinesis.data, "base64").toString(), e.Records[0].kinesis.partitionKey, e.Records[0].eventSourceARN], expected: ["hello", "p9", "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"] },
  schedule: { args: ["--rule", "nightly", "--time", "2025-12-24T23:00:00Z"], check: (e) => [e.resources[0], e.time, e["detail-type"]], expected: ["arn:aws:events:us-east-1:123456789012:rule/nightly", "2025-12-24T23:00:00Z", "Scheduled Event"] },
};

describe("tslambda events", () => {
  it("lists every type with no TYPE", async () => {
    const { code, stdout } = await runCli(["events"]);
    expect(code).toBe(0);
    for (const type of EVENT_TYPES) expect(stdout).toContain(type.name);
    expect(Object.keys(OVERRIDES).sort()).toEqual(EVENT_TYPES.map((t) => t.name).sort());
  });

  for (const type of EVENT_TYPES) {
    it(`${type.name}: the overrides land in the printed event, and --help shows every flag`, async () => {
      const override = OVERRIDES[type.name]!;
      const { code, stdout } = await runCli(["events", type.name, ...override.args]);
      expect(code).toBe(0);
      expect(override.check(JSON.parse(stdout))).toEqual(override.expected);
      const help = await runCli(["events", type.name, "--help"]);
      expect(help.code).toBe(0);
      for (const option of Object.values(type.options)) expect(help.stdout).toContain(option.arg.split(" ")[0]);
    });
  }

  it("rejects a bad value, an unknown flag and an unknown type with exit 2 and a hint", async () => {
    for (const args of [["events", "sqs", "--count", "11"], ["events", "eventbridge", "--detail", "{"], ["events", "s3", "--nope"], ["events", "sqs2"]]) {
      const { code, stderr, stdout } = await runCli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(/^error: .+\n\(run `tslambda events.*--help` for usage\)\n$/);
    }
  });

  it("every printed sample, defaults and overrides, type-checks against its @types/aws-lambda type", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tslambda-events-"));
    try {
      const lines = ['import type * as aws from "aws-lambda";'];
      for (const [i, type] of EVENT_TYPES.entries()) {
        const plain = (await runCli(["events", type.name])).stdout;
        const overridden = (await runCli(["events", type.name, ...OVERRIDES[type.name]!.args])).stdout;
        lines.push(`export const d${i} = ${plain.trim()} satisfies aws.${type.awsType};`);
        lines.push(`export const o${i} = ${overridden.trim()} satisfies aws.${type.awsType};`);
      }
      // A sample with a field the type lacks must fail, or this test proves nothing.
      lines.push(`// @ts-expect-error excess property\nexport const bad = { Records: [], extra: 1 } satisfies aws.SQSEvent;`);
      await writeFile(join(dir, "samples.ts"), `${lines.join("\n")}\n`);
      const typeRoots = resolve("node_modules", "@types");
      await writeFile(join(dir, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, exactOptionalPropertyTypes: true, noEmit: true, module: "nodenext", target: "es2024", typeRoots: [typeRoots], types: ["node", "aws-lambda"] },
        files: ["samples.ts"],
      }));
      const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
      const result = (() => {
        try {
          return { code: 0, out: execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" }) };
        } catch (error) {
          return { code: 1, out: String((error as { stdout?: string }).stdout) };
        }
      })();
      expect(result.out).toBe("");
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
