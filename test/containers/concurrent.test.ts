// The concurrent demo image as a Lambda Managed Instances environment: 256 invokes at once
// through the image's own emulator with AWS_LAMBDA_MAX_CONCURRENCY=32, each answered with its
// own ids. Needs tslambda/concurrent:dev (demos/concurrent in the bake file's demo list).
import { describe, expect, inject, it } from "vitest";
import { LambdaContainer } from "../helpers/lambda-container.ts";

const docker = inject("docker");

describe.skipIf(!docker)("concurrent demo image (Managed Instances)", () => {
  it("takes 256 concurrent invokes at AWS_LAMBDA_MAX_CONCURRENCY=32; no answer carries another invoke's id", async () => {
    await using fn = await new LambdaContainer("tslambda/concurrent:dev")
      .withFunctionEnv({ AWS_LAMBDA_MAX_CONCURRENCY: "32", TSLAMBDA_MAX_QUEUED_INVOKES: "256" })
      .start();
    const answers = await Promise.all(
      Array.from({ length: 256 }, async (_, i) => {
        const traceId = `Root=1-00000000-${String(i).padStart(24, "0")};Sampled=1`;
        const answer = await fn.invoke({ n: i }, { headers: { "x-amzn-trace-id": traceId, "x-amz-tenant-id": `tenant-${i}` } });
        return { i, traceId, answer };
      }),
    );
    for (const { i, traceId, answer } of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({ event: { n: i }, requestId: answer.requestId, traceId, tenantId: `tenant-${i}` });
    }
    expect(new Set(answers.map(({ answer }) => answer.requestId)).size).toBe(256);
  });
});
