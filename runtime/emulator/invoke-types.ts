// What the invoke front hands the sandbox, and what it gets back.
import type { ResponseSink } from "./response-sink.ts";

export interface InvokeRequest {
  payload: Buffer;
  contentType: string | undefined;
  traceId: string | undefined;
  /** Decoded client context JSON, as the runtime receives it. */
  clientContext: string | undefined;
  tenantId: string | undefined;
  /** "Tail": the result carries the last 4 KB of the invoke's log (X-Amz-Log-Type). */
  logType?: "Tail" | undefined;
  /** Fires when the caller goes away; an invoke still waiting for the environment is then dropped. */
  signal?: AbortSignal | undefined;
}

/**
 * `streamed`: the body already went to the invoke's sink; `body` is then empty (success).
 * `logResult`: the base64 log tail, when the request asked for it.
 */
export type InvokeResult =
  | { kind: "success"; requestId: string; body: Buffer; contentType: string; streamed: boolean; logResult?: string }
  /** A function error: the caller sees X-Amz-Function-Error and this JSON body. */
  | { kind: "function-error"; requestId: string; body: Buffer; streamed: boolean; logResult?: string }
  /** Lambda itself refused the invoke (SnapStartException): an HTTP error with x-amzn-errortype. */
  | { kind: "service-error"; requestId: string; status: number; errorType: string; message: string; logResult?: string }
  /** The caller went away before the environment took the invoke: it never ran. */
  | { kind: "cancelled"; requestId: string };

export function errorBody(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

/** What a caller-facing front invokes: one function, whichever environment it runs on now. */
export interface InvokeTarget {
  readonly name: string;
  readonly version: string;
  /** True when another invoke may not wait: the caller gets 429, as from Lambda at its limit. */
  readonly full: boolean;
  invoke(request: InvokeRequest, sink?: ResponseSink): Promise<InvokeResult>;
}
