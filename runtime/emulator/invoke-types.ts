// What the invoke front hands the sandbox, and what it gets back.

export interface InvokeRequest {
  payload: Buffer;
  contentType: string | undefined;
  traceId: string | undefined;
  /** Decoded client context JSON, as the runtime receives it. */
  clientContext: string | undefined;
  tenantId: string | undefined;
  /** Fires when the caller goes away; an invoke still waiting for the environment is then dropped. */
  signal?: AbortSignal | undefined;
}

/** `streamed`: the body already went to the invoke's sink; `body` is then empty (success). */
export type InvokeResult =
  | { kind: "success"; requestId: string; body: Buffer; contentType: string; streamed: boolean }
  /** A function error: the caller sees X-Amz-Function-Error and this JSON body. */
  | { kind: "function-error"; requestId: string; body: Buffer; streamed: boolean }
  /** The caller went away before the environment took the invoke: it never ran. */
  | { kind: "cancelled"; requestId: string };

export function errorBody(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}
