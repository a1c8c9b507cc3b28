/**
 * tslambda: a TypeScript custom runtime for AWS Lambda on Node.js 24.
 * @module
 */
export { serve } from "./serve.ts";
export { start } from "./start.ts";
export { log } from "./log.ts";
export { MAX_RESPONSE_BYTES, RuntimeError, ResponseSizeTooLarge, toErrorResponse } from "./errors.ts";
export type { ErrorResponse } from "./errors.ts";
export type { ClientContext, CognitoIdentity, Context, Handler, RawHandler, RawResult, ServeOptions } from "./types.ts";
