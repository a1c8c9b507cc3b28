// The Runtime API (PROTOCOL §1) served to the one bootstrap process, on loopback.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BodyAborted, readBody } from "./read-body.ts";
import { guarded } from "./request-guard.ts";
import type { ApiAnswer } from "./api-answer.ts";
import { answerMetadata, METADATA_PATH } from "./metadata-endpoint.ts";
import type { Sandbox } from "./sandbox.ts";

const BASE = "/2018-06-01/runtime";
const EXTENSION_BASE = "/2020-01-01/extension";
const RESULT_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export async function startRuntimeApiServer(sandbox: Sandbox, log: (line: string) => void): Promise<{ server: Server; hostPort: string }> {
  // The runtime keeps one connection for its whole life and streams for minutes: no request or
  // idle timeout on this side, only one for headers, which a runtime sends at once.
  const options = { headersTimeout: 5000, requestTimeout: 0, keepAliveTimeout: 0, connectionsCheckingInterval: 1000 };
  const server = createServer(options, guarded("Runtime API", async (req, res, notes) => {
    const path = (req.url ?? "").split("?")[0]!;
    try {
      if (req.method === "GET" && path === `${BASE}/invocation/next`) {
        const answer = sandbox.next(res);
        if (answer !== undefined) send(res, answer);
        return;
      }
      const match = req.method === "POST" ? RESULT_PATH.exec(path) : null;
      if (match) notes.requestId = decodeURIComponent(match[1]!);
      const mode = req.headers["lambda-runtime-function-response-mode"];
      if (match && match[2] === "response" && mode !== undefined) {
        if (mode !== "streaming") {
          await readBody(req);
          send(res, { status: 400, body: { errorType: "InvalidFunctionResponseMode", errorMessage: `response mode must be "streaming", got ${JSON.stringify(mode)}` } });
          return;
        }
        send(res, await sandbox.streamedResult(decodeURIComponent(match[1]!), req));
        return;
      }
      if (match) {
        const { body } = await readBody(req);
        send(res, sandbox.result(decodeURIComponent(match[1]!), match[2] as "response" | "error", body, req.headers));
        return;
      }
      if (req.method === "GET" && path === `${BASE}/restore/next`) {
        const answer = sandbox.restoreNext(res);
        if (answer !== undefined) send(res, answer);
        return;
      }
      if (req.method === "POST" && path === `${BASE}/restore/error`) {
        const { body } = await readBody(req);
        send(res, sandbox.restoreError(body, req.headers));
        return;
      }
      if (req.method === "GET" && path === METADATA_PATH) {
        send(res, answerMetadata(req.headers.authorization));
        return;
      }
      if (req.method === "POST" && path === `${BASE}/init/error`) {
        const { body } = await readBody(req);
        send(res, sandbox.initError(body, req.headers));
        return;
      }
      if (req.method === "PUT" && path === "/2022-07-01/telemetry") {
        const { body } = await readBody(req);
        const identifier = req.headers["lambda-extension-identifier"];
        send(res, sandbox.telemetry.subscribe(sandbox.extensions.nameOf(typeof identifier === "string" ? identifier : undefined), body));
        return;
      }
      if (path.startsWith(EXTENSION_BASE)) {
        await extensionRoute(sandbox, req, res, path.slice(EXTENSION_BASE.length));
        return;
      }
      send(res, { status: 404, body: { errorType: "NotFound", errorMessage: `no route ${req.method} ${path}` } });
    } catch (error) {
      if (error instanceof BodyAborted) throw error;
      send(res, { status: 500, body: { errorType: "InternalServerError", errorMessage: String(error) } });
    }
  }, log));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, hostPort: `127.0.0.1:${port}` };
}

// The Extensions API (PROTOCOL §3), served beside the Runtime API as Lambda does.
async function extensionRoute(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
  const host = sandbox.extensions;
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  if (req.method === "POST" && route === "/register") {
    const { body } = await readBody(req);
    const { answer, identifier } = host.register(header("lambda-extension-name"), body, header("lambda-extension-accept-feature"));
    send(res, answer, identifier ? { "lambda-extension-identifier": identifier } : {});
    return;
  }
  if (req.method === "GET" && route === "/event/next") {
    const answer = host.next(header("lambda-extension-identifier"), res);
    if (answer !== undefined) send(res, answer);
    return;
  }
  if (req.method === "POST" && (route === "/init/error" || route === "/exit/error")) {
    const { body } = await readBody(req);
    send(res, host.reportError(route === "/init/error" ? "init" : "exit", header("lambda-extension-identifier"), header("lambda-extension-function-error-type"), body));
    return;
  }
  send(res, { status: 404, body: { errorType: "NotFound", errorMessage: `no route ${req.method} ${EXTENSION_BASE}${route}` } });
}

function send(res: ServerResponse, answer: ApiAnswer, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
