// The `awslambda` global, a user feature: code written for AWS's Node.js runtime calls
// awslambda.streamifyResponse() and awslambda.HttpResponseStream.from() without importing them,
// and @aws/lambda-invoke-store (read by the AWS SDK and Powertools for the trace id) takes
// awslambda.InvokeStore as its instance when it finds one. This is the one module that sets it;
// AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA turns it off, as in AWS's.
import { currentInvoke, runInInvoke } from "./invoke-store.ts";
import { HttpResponseStream } from "./streaming/http-response-stream.ts";
import { streamifyResponse } from "./streaming/streamify.ts";

/** The keys @aws/lambda-invoke-store reads the invoke's fields by (global symbols, so any copy of the package finds them). */
export const PROTECTED_KEYS = {
  REQUEST_ID: Symbol.for("_AWS_LAMBDA_REQUEST_ID"),
  X_RAY_TRACE_ID: Symbol.for("_AWS_LAMBDA_X_RAY_TRACE_ID"),
  TENANT_ID: Symbol.for("_AWS_LAMBDA_TENANT_ID"),
} as const;

type Key = string | symbol;

/** The interface of @aws/lambda-invoke-store's InvokeStoreBase, backed by this runtime's store. */
export interface InvokeStoreLike {
  getRequestId(): string;
  getXRayTraceId(): string | undefined;
  getTenantId(): string | undefined;
  get(key: Key): unknown;
  set(key: Key, value: unknown): void;
  getContext(): Record<Key, unknown> | undefined;
  hasContext(): boolean;
  isProtectedKey(key: Key): boolean;
  run<T>(context: Record<Key, unknown>, fn: () => T): T;
}

export interface AwsLambdaGlobal {
  streamifyResponse: typeof streamifyResponse;
  HttpResponseStream: typeof HttpResponseStream;
  InvokeStore: InvokeStoreLike;
}

// Not a `declare global`: @types/aws-lambda declares `awslambda` as a namespace, and a project
// that imports both packages' types must not see two declarations of one name. Code that uses
// the global gets its types from `/// <reference types="aws-lambda" />`.
type WithAwsLambda = { awslambda?: AwsLambdaGlobal };

const isProtectedKey = (key: Key): boolean => Object.values(PROTECTED_KEYS).includes(key as never);

function get(key: Key): unknown {
  const invoke = currentInvoke();
  if (invoke === undefined) return undefined;
  if (key === PROTECTED_KEYS.REQUEST_ID) return invoke.requestId;
  if (key === PROTECTED_KEYS.X_RAY_TRACE_ID) return invoke.traceId;
  if (key === PROTECTED_KEYS.TENANT_ID) return invoke.tenantId;
  return invoke.values?.get(key);
}

export const invokeStore: InvokeStoreLike = {
  // The package answers "-" outside an invoke; so does this one.
  getRequestId: () => currentInvoke()?.requestId ?? "-",
  getXRayTraceId: () => currentInvoke()?.traceId,
  getTenantId: () => currentInvoke()?.tenantId,
  get,
  set(key, value) {
    if (isProtectedKey(key)) throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    const invoke = currentInvoke();
    if (invoke === undefined) throw new Error("No context available");
    (invoke.values ??= new Map()).set(key, value);
  },
  getContext() {
    const invoke = currentInvoke();
    if (invoke === undefined) return undefined;
    const context: Record<Key, unknown> = {
      [PROTECTED_KEYS.REQUEST_ID]: invoke.requestId,
      [PROTECTED_KEYS.X_RAY_TRACE_ID]: invoke.traceId,
      [PROTECTED_KEYS.TENANT_ID]: invoke.tenantId,
    };
    for (const [key, value] of invoke.values ?? []) context[key] = value;
    return context;
  },
  hasContext: () => currentInvoke() !== undefined,
  isProtectedKey,
  run(context, fn) {
    const text = (key: symbol) => (typeof context[key] === "string" ? (context[key] as string) : undefined);
    const values = new Map<Key, unknown>();
    for (const key of Reflect.ownKeys(context)) if (!isProtectedKey(key)) values.set(key, context[key]);
    return runInInvoke({ requestId: text(PROTECTED_KEYS.REQUEST_ID) ?? "", traceId: text(PROTECTED_KEYS.X_RAY_TRACE_ID), tenantId: text(PROTECTED_KEYS.TENANT_ID), values }, fn);
  },
};

export function installAwsLambdaGlobal(env: NodeJS.ProcessEnv = process.env): void {
  if (env["AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA"]) return;
  (globalThis as unknown as WithAwsLambda).awslambda = { streamifyResponse, HttpResponseStream, InvokeStore: invokeStore };
}
