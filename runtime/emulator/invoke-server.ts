// The invoke API callers use (RIE's `POST /2015-03-31/functions/function/invocations`), answering
// as Lambda's Invoke does: 200 with the result, X-Amz-Function-Error on a function error, 202 for
// an Event invoke, 413 for an oversized request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readBody } from "./read-body.ts";
import type { InvokeRequest, InvokeResult } from "./invoke-types.ts";
import type { Sandbox } from "./sandbox.ts";
import { EventStreamSink } from "./event-stream-sink.ts";

const INVOKE_PATH = /^\/2015-03-31\/functions\/[^/]+\/invocations$/;
const STREAMING_INVOKE_PATH = /^\/2021-11-15\/functions\/[^/]+\/response-streaming-invocations$/;
const SYNC_REQUEST_LIMIT = 6 * 1024 * 1024;
const ASYNC_REQUEST_LIMIT = 1024 * 1024;

export function createInvokeServer(sandbox: Sandbox, version: string): Server {
  return createServer(async (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    const streaming = STREAMING_INVOKE_PATH.test(path);
    if ((!INVOKE_PATH.test(path) && !streaming) || (req.method !== "POST" && req.method !== "GET")) {
      return sendJson(res, 404, { Type: "User", message: `no route ${req.method} ${path}; invoke with POST /2015-03-31/functions/function/invocations` });
    }
    const invocationType = header(req, "x-amz-invocation-type") ?? "RequestResponse";
    const limit = invocationType === "Event" ? ASYNC_REQUEST_LIMIT : SYNC_REQUEST_LIMIT;
    const { body, size } = await readBody(req, limit);
    if (size > limit) {
      return sendJson(res, 413, { Type: "User", message: `Request must be smaller than ${limit} bytes for the InvokeFunction operation` });
    }
    let request: InvokeRequest;
    try {
      request = toInvokeRequest(req, body);
    } catch (error) {
      return sendJson(res, 400, { Type: "User", message: (error as Error).message });
    }
    if (invocationType === "DryRun") return send(res, 204, {}, "");
    if (streaming) {
      if (invocationType !== "RequestResponse") {
        return sendJson(res, 400, { Type: "User", message: `InvokeWithResponseStream takes RequestResponse or DryRun, not ${invocationType}` });
      }
      const sink = new EventStreamSink(res, version);
      sink.complete(await sandbox.invoke(request, sink));
      return;
    }
    if (invocationType === "Event") {
      void sandbox.invoke(request);
      return send(res, 202, {}, "");
    }
    if (invocationType !== "RequestResponse") {
      return sendJson(res, 400, { Type: "User", message: `unknown X-Amz-Invocation-Type ${invocationType}` });
    }
    const result = await sandbox.invoke(request);
    sendResult(res, result, version);
  });
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
  return {
    payload,
    contentType: header(req, "content-type"),
    traceId: header(req, "x-amzn-trace-id") || undefined,
    clientContext,
    tenantId: header(req, "x-amz-tenant-id") || undefined,
  };
}

function sendResult(res: ServerResponse, result: InvokeResult, version: string): void {
  const headers: Record<string, string> = { "x-amzn-requestid": result.requestId, "x-amz-executed-version": version };
  if (result.kind === "function-error") {
    headers["x-amz-function-error"] = "Unhandled";
    headers["content-type"] = "application/json";
  } else {
    headers["content-type"] = result.contentType;
  }
  send(res, 200, headers, result.body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  send(res, status, { "content-type": "application/json" }, JSON.stringify(body));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | string): void {
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}
