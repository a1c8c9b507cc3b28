// Concurrent: an I/O-bound handler for Lambda Managed Instances (AWS_LAMBDA_MAX_CONCURRENCY > 1).
// It waits (100 ms, or DELAY_MS) as if on a downstream call, then echoes the event with the ids
// of the invoke that answered, read back after the wait: with many invokes in one process, each
// must still see its own.
import { serve } from "tslambda";

const delayMs = Number(process.env["DELAY_MS"] ?? 100);

serve(async (event: unknown, context) => {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  return { event, requestId: context.awsRequestId, traceId: context.xRayTraceId, tenantId: context.tenantId };
});
