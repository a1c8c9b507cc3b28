// The snapstart demo image under its built-in emulator with the SnapStart cycle on. Runs once
// demos/snapstart is in the bake list (the image tslambda/snapstart:dev exists).
import { describe, expect, inject, it } from "vitest";
import { LambdaContainer } from "../helpers/lambda-container.ts";

const docker = inject("docker");
const image = "tslambda/snapstart:dev";

describe.skipIf(!docker)("the snapstart demo image, SnapStart rehearsed", () => {
  it("restores once before the first invoke, with both hooks run, and logs the restore", async () => {
    await using fn = await new LambdaContainer(image).withFunctionEnv({ AWS_LAMBDA_INITIALIZATION_TYPE: "snap-start", TSLAMBDA_AVAILABILITY_ZONE_ID: "use1-az6" }).start();
    const first = await fn.invoke({});
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({ initializationType: "snap-start", hooksRan: ["beforeSnapshot", "afterRestore"], availabilityZoneId: "use1-az6" });
    const report = await fn.waitForLog(new RegExp(`^REPORT RequestId: ${first.requestId}`));
    expect(report).toMatch(/\tRestore Duration: [\d.]+ ms\tBilled Restore Duration: \d+ ms/);
    await fn.waitForLog(/^RESTORE_REPORT Restore Duration: [\d.]+ ms$/);
    const second = await fn.invoke({});
    expect(second.json()).toMatchObject({ hooksRan: ["beforeSnapshot", "afterRestore"] });
  });

  it("answers SnapStartException when the after-restore hook fails", async () => {
    await using fn = await new LambdaContainer(image).withFunctionEnv({ AWS_LAMBDA_INITIALIZATION_TYPE: "snap-start", SNAPSTART_DEMO_FAIL_RESTORE: "1" }).start();
    const failed = await fn.invoke({});
    expect(failed.status).toBe(400);
    expect(failed.headers["x-amzn-errortype"]).toBe("SnapStartException");
    await fn.waitForLog(/^RESTORE_REPORT .*\tStatus: error\tError Type: Runtime\.AfterRestoreError$/);
  });
});
