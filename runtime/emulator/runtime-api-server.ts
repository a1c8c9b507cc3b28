// The Runtime API (PROTOCOL §1) served to the one bootstrap process, on loopback.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./read-body.ts";
import type { ApiAnswer, Sandbox } from "./sandbox.ts";

const BASE = "/2018-06-01/runtime";
const RESULT_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

export async function startRuntimeApiServer(sandbox: Sandbox): Promise<{ server: Server; hostPort: string }> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    try {
      if (req.method === "GET" && path === `${BASE}/invocation/next`) {
        const answer = sandbox.next(res);
        if (answer !== undefined) send(res, answer);
        return;
      }
      const match = req.method === "POST" ? RESULT_PATH.exec(path) : null;
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
      if (req.method === "POST" && path === `${BASE}/init/error`) {
        const { body } = await readBody(req);
        send(res, sandbox.initError(body, req.headers));
        return;
      }
      send(res, { status: 404, body: { errorType: "NotFound", errorMessage: `no route ${req.method} ${path}` } });
    } catch (error) {
      send(res, { status: 500, body: { errorType: "InternalServerError", errorMessage: String(error) } });
    }
  });
  // The runtime keeps one connection for its whole life; never time it out on this side.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, hostPort: `127.0.0.1:${port}` };
}

function send(res: ServerResponse, answer: ApiAnswer): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
