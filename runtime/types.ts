// Public types of the handler API. Field names follow @types/aws-lambda's Context so code written
// for AWS's Node.js runtime type-checks unchanged; optionals are `?: T | undefined` for
// exactOptionalPropertyTypes.

export interface CognitoIdentity {
  cognitoIdentityId: string;
  cognitoIdentityPoolId: string;
}

export interface ClientContext {
  client?: Record<string, unknown> | undefined;
  custom?: Record<string, unknown> | undefined;
  env?: Record<string, unknown> | undefined;
  [key: string]: unknown;
}

export interface Context {
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly identity?: CognitoIdentity | undefined;
  readonly clientContext?: ClientContext | undefined;
  /** Kept for compatibility with AWS's runtime; this runtime never waits on the event loop. */
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
  /** Absolute deadline of this invoke, Unix epoch milliseconds. */
  readonly deadline: number;
  /** X-Ray trace header of this invoke, when Lambda sent one. */
  readonly xRayTraceId?: string | undefined;
  /** Tenant id, for functions with tenant isolation. */
  readonly tenantId?: string | undefined;
  /** Aborts when the invoke reaches its deadline. */
  readonly signal: AbortSignal;
}

/** A buffered handler. In JSON mode the event is parsed JSON and the result is serialized. */
export type Handler<TEvent = any, TResult = unknown> = (
  event: TEvent,
  context: Context,
) => TResult | Promise<TResult>;

/** Raw mode: the event arrives as bytes and a string or bytes result is sent as is. */
export type RawHandler = (event: Uint8Array, context: Context) => RawResult | Promise<RawResult>;
export type RawResult = string | Uint8Array | ArrayBuffer | null | undefined;

export interface ServeOptions {
  /** `json` (default) parses events and serializes results; `raw` passes bytes through. */
  mode?: "json" | "raw";
  /** Content-Type sent with a raw-mode response (default application/octet-stream). */
  contentType?: string;
}
