// SnapStart demo: heavy set-up at init (an AWS SDK client), frozen into the snapshot; what must
// be unique per execution environment is made again after the restore. Each answer says which
// hooks ran. SNAPSTART_DEMO_FAIL_RESTORE=1 makes the after-restore hook throw (the caller then
// gets SnapStartException).
import { randomBytes, randomUUID } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { executionEnvironmentMetadata, onAfterRestore, onBeforeSnapshot, serve } from "tslambda";

const hooksRan: string[] = [];

// Safe in the snapshot: configuration and code. The SDK resolves credentials on first use, so
// the first request after a restore fetches them; none are cached at init.
const s3 = new S3Client({});

// Not safe in the snapshot: every environment restored from it would share these.
let environmentId = randomUUID();
let nonceSeed = randomBytes(16).toString("hex");
let startedAt = new Date().toISOString();

onBeforeSnapshot(() => {
  hooksRan.push("beforeSnapshot");
});

onAfterRestore(() => {
  if (process.env["SNAPSTART_DEMO_FAIL_RESTORE"] === "1") throw new Error("the demo was asked to fail its restore");
  environmentId = randomUUID();
  nonceSeed = randomBytes(16).toString("hex");
  startedAt = new Date().toISOString();
  hooksRan.push("afterRestore");
});

serve(async () => {
  const region = await s3.config.region();
  const availabilityZoneId = await executionEnvironmentMetadata().then(
    (metadata) => metadata.AvailabilityZoneID,
    () => undefined,
  );
  return { initializationType: process.env["AWS_LAMBDA_INITIALIZATION_TYPE"], hooksRan, environmentId, nonceSeed, startedAt, region, availabilityZoneId };
});
