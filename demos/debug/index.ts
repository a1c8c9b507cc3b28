// Debug: returns what the function sees: its metadata, its invoke context, the event and its
// environment. Read README.md before deploying it: environment values can be sensitive.
import { serve, type Context } from "tslambda";
import { redactEnvironment } from "./redact.ts";

serve(async (event: unknown, context: Context) => ({
  function: {
    name: context.functionName,
    version: context.functionVersion,
    memoryLimitInMB: context.memoryLimitInMB,
    logGroupName: context.logGroupName,
    logStreamName: context.logStreamName,
  },
  invoke: {
    requestId: context.awsRequestId,
    invokedFunctionArn: context.invokedFunctionArn,
    deadline: context.deadline,
    remainingTimeInMillis: context.getRemainingTimeInMillis(),
    xRayTraceId: context.xRayTraceId ?? null,
    traceEnv: process.env["_X_AMZN_TRACE_ID"] ?? null,
    tenantId: context.tenantId ?? null,
    identity: context.identity ?? null,
    clientContext: context.clientContext ?? null,
  },
  runtime: { node: process.version, execArgv: process.execArgv, arch: process.arch, platform: process.platform, pid: process.pid },
  environment: redactEnvironment(process.env),
  event,
}));
