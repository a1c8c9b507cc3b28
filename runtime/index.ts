/**
 * tslambda: a TypeScript custom runtime for AWS Lambda on Node.js 24.
 * @module
 */
export { serve } from "./serve.ts";
export { start } from "./start.ts";
export { log } from "./log.ts";
export { onShutdown } from "./shutdown.ts";
export { onAfterRestore, onBeforeSnapshot } from "./snapstart/hooks.ts";
export type { SnapStartHook } from "./snapstart/hooks.ts";
export { executionEnvironmentMetadata, MetadataUnavailable } from "./metadata/execution-environment.ts";
export type { ExecutionEnvironmentMetadata } from "./metadata/execution-environment.ts";
export { streamifyResponse } from "./streaming/streamify.ts";
export { HttpResponseStream } from "./streaming/http-response-stream.ts";
export { MAX_STREAMED_RESPONSE_BYTES } from "./streaming/limits.ts";
export { MAX_RESPONSE_BYTES, RuntimeError, ResponseSizeTooLarge, toErrorResponse } from "./errors.ts";
export type { ErrorResponse } from "./errors.ts";
export type { ClientContext, CognitoIdentity, Context, Handler, RawHandler, RawResult, ServeOptions } from "./types.ts";
export type { StreamingHandler } from "./streaming/streamify.ts";
export type { ResponseStream } from "./streaming/response-stream.ts";
export type { HttpResponseMetadata } from "./streaming/http-response-stream.ts";
export type { AwsLambdaGlobal } from "./awslambda-global.ts";
