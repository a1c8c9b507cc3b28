// The `awslambda` global, a user feature: code written for AWS's Node.js runtime calls
// awslambda.streamifyResponse() and awslambda.HttpResponseStream.from() without importing them,
// and the AWS SDK's recursion detection reads awslambda.InvokeStore for the trace id. This is
// the one module that sets it; AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA turns it off, as in AWS's.
import { currentInvoke } from "./invoke-store.ts";
import { HttpResponseStream } from "./streaming/http-response-stream.ts";
import { streamifyResponse } from "./streaming/streamify.ts";

export interface AwsLambdaGlobal {
  streamifyResponse: typeof streamifyResponse;
  HttpResponseStream: typeof HttpResponseStream;
  InvokeStore: {
    getRequestId(): string | undefined;
    getXRayTraceId(): string | undefined;
    getTenantId(): string | undefined;
  };
}

// Not a `declare global`: @types/aws-lambda declares `awslambda` as a namespace, and a project
// that imports both packages' types must not see two declarations of one name. Code that uses
// the global gets its types from `/// <reference types="aws-lambda" />`.
type WithAwsLambda = { awslambda?: AwsLambdaGlobal };

export function installAwsLambdaGlobal(env: NodeJS.ProcessEnv = process.env): void {
  if (env["AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA"]) return;
  (globalThis as unknown as WithAwsLambda).awslambda = {
    streamifyResponse,
    HttpResponseStream,
    InvokeStore: {
      getRequestId: () => currentInvoke()?.requestId,
      getXRayTraceId: () => currentInvoke()?.traceId,
      getTenantId: () => currentInvoke()?.tenantId,
    },
  };
}
