// Runtime API header names, lower-cased as node:http delivers them.
export const InvokeHeader = {
  requestId: "lambda-runtime-aws-request-id",
  deadlineMs: "lambda-runtime-deadline-ms",
  functionArn: "lambda-runtime-invoked-function-arn",
  traceId: "lambda-runtime-trace-id",
  clientContext: "lambda-runtime-client-context",
  cognitoIdentity: "lambda-runtime-cognito-identity",
  tenantId: "lambda-runtime-aws-tenant-id",
  invocationId: "lambda-runtime-invocation-id",
} as const;

export const ErrorTypeHeader = "lambda-runtime-function-error-type";
export const InvocationIdHeader = "lambda-runtime-invocation-id";
