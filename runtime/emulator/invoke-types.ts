// What the invoke front hands the sandbox, and what it gets back.

export interface InvokeRequest {
  payload: Buffer;
  contentType: string | undefined;
  traceId: string | undefined;
  /** Decoded client context JSON, as the runtime receives it. */
  clientContext: string | undefined;
  tenantId: string | undefined;
}

export type InvokeResult =
  | { kind: "success"; requestId: string; body: Buffer; contentType: string }
  /** A function error: the caller sees X-Amz-Function-Error and this JSON body. */
  | { kind: "function-error"; requestId: string; body: Buffer };

export function errorBody(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}
