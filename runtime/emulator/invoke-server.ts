// The invoke API callers use (Lambda's `POST /2015-03-31/functions/<name>/invocations`, RIE's
// name `function`), answering as Lambda's Invoke does: 200 with the result, X-Amz-Function-Error
// on a function error, X-Amz-Log-Result for LogType Tail, 202 for an Event invoke, 404 for an
// unknown function, 413 for an oversized request, 429 when too many invokes already wait.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { EventStreamSink } from "./event-stream-sink.ts";
import { functionArn } from "./function-spec.ts";
import { functionNameOf, type FunctionRegistry } from "./function-registry.ts";
import type { InvokeRequest, InvokeResult } from "./invoke-types.ts";
import { readBody } from "./read-body.ts";
import { guarded } from "./request-guard.ts";
import { applyConnectionCap, serverOptions, type ServerLimits } from "./server-limits.ts";

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const STREAMING_INVOKE_PATH = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/;
const SYNC_REQUEST_LIMIT = 6 * 1024 * 1024;
const ASYNC_REQUEST_LIMIT = 1024 * 1024;

export function createInvokeServer(functions: FunctionRegistry, options: ServerSettings): Server {
  const server = createServer(
    serverOptions(options.limits),
    guarded("invoke API", async (req, res, notes) => {
      const path = (req.url ?? "").split("?")[0]!;
      const streamingMatch = STREAMING_INVOKE_PATH.exec(path);
      const match = streamingMatch ?? INVOKE_PATH.exec(path);
      const streaming = streamingMatch !== null;
      if (match === null || (req.method !== "POST" && req.method !== "GET")) {
        return sendJson(res, 404, { Type: "User", message: `no route ${req.method} ${path}; invoke with POST /2015-03-31/functions/<name>/invocations` });
      }
      const requested = decodeName(match[1]!);
      const fn = functions.route(requested);
      if (fn === undefined) {
        await readBody(req, 0);
        const arn = functionArn(functionNameOf(requested) ?? requested);
        return sendJson(res, 404, { Type: "User", message: `Function not found: ${arn}` }, "ResourceNotFoundException");
      }
      const invocationType = header(req, "x-amz-invocation-type") ?? "RequestResponse";
      const limit = invocationType === "Event" ? ASYNC_REQUEST_LIMIT : SYNC_REQUEST_LIMIT;
      const { body, size } = await readBody(req, limit);
      if (size > limit) {
        return sendJson(res, 413, { Type: "User", message: `Request must be smaller than ${limit} bytes for the InvokeFunction operation` }, "RequestTooLargeException");
      }
      let request: InvokeRequest;
      try {
        request = toInvokeRequest(req, body);
      } catch (error) {
        return sendJson(res, 400, { Type: "User", message: (error as Error).message }, "InvalidRequestContentException");
      }
      if (invocationType === "DryRun") return send(res, 204, {}, "");
      if (invocationType !== "RequestResponse" && (streaming || invocationType !== "Event")) {
        const message = streaming ? `InvokeWithResponseStream takes RequestResponse or DryRun, not ${invocationType}` : `unknown X-Amz-Invocation-Type ${invocationType}`;
        return sendJson(res, 400, { Type: "User", message }, "InvalidParameterValueException");
      }
      if (fn.full) return sendTooManyRequests(res);
      if (invocationType === "Event") {
        void fn.invoke(request);
        return send(res, 202, {}, "");
      }
      request.signal = callerGone(res);
      const sink = streaming ? new EventStreamSink(res, fn.version) : undefined;
      const result = await fn.invoke(request, sink);
      if (result.kind === "cancelled") return;
      notes.requestId = result.requestId;
      if (res.destroyed) {
        // Lambda finishes an invoke whose caller left; only the answer has nowhere to go.
        options.log(`tslambda emulator: ${result.requestId} the caller went away; the result was discarded`);
        return;
      }
      if (result.kind === "service-error") return sendJson(res, result.status, { Type: "User", message: result.message }, result.errorType);
      if (sink) sink.complete(result);
      else sendResult(res, result, fn.version);
    }, options.log),
  );
  applyConnectionCap(server, options.limits);
  return server;
}

/** What a caller-facing server needs besides the sandbox. */
export interface ServerSettings {
  limits: ServerLimits;
  log: (line: string) => void;
}

/** An AbortSignal that fires when the caller's connection closes before it was answered. */
export function callerGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Lambda's answer when a function is over its concurrency: the SDKs retry it. */
export function sendTooManyRequests(res: ServerResponse): void {
  sendJson(res, 429, { Reason: "ReservedFunctionConcurrentInvocationLimitExceeded", Type: "User", message: "Rate Exceeded." }, "TooManyRequestsException");
}

function toInvokeRequest(req: IncomingMessage, payload: Buffer): InvokeRequest {
  const encoded = header(req, "x-amz-client-context");
  let clientContext: string | undefined;
  if (encoded !== undefined && encoded !== "") {
    clientContext = Buffer.from(encoded, "base64").toString("utf8");
    try {
      JSON.parse(clientContext);
    } catch {
      throw new Error("X-Amz-Client-Context must be base64-encoded JSON");
    }
  }
  const logType = header(req, "x-amz-log-type") || "None";
  if (logType !== "None" && logType !== "Tail") throw new Error(`X-Amz-Log-Type must be None or Tail, not ${logType}`);
  return {
    payload,
    logType: logType === "Tail" ? "Tail" : undefined,
    contentType: header(req, "content-type"),
    traceId: header(req, "x-amzn-trace-id") || undefined,
    clientContext,
    tenantId: header(req, "x-amz-tenant-id") || undefined,
  };
}

function sendResult(res: ServerResponse, result: Exclude<InvokeResult, { kind: "cancelled" | "service-error" }>, version: string): void {
  const headers: Record<string, string> = { "x-amzn-requestid": result.requestId, "x-amz-executed-version": version };
  if (result.logResult !== undefined) headers["x-amz-log-result"] = result.logResult;
  if (result.kind === "function-error") {
    headers["x-amz-function-error"] = "Unhandled";
    headers["content-type"] = "application/json";
  } else {
    headers["content-type"] = result.contentType;
  }
  send(res, 200, headers, result.body);
}

function decodeName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: object, errorType?: string): void {
  send(res, status, { "content-type": "application/json", ...(errorType ? { "x-amzn-errortype": errorType } : {}) }, JSON.stringify(body));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
