// Runtime API transport on node:http. Taken with process.getBuiltinModule because a static ESM
// import of node:http costs tens of milliseconds of start-up on Node 24 (see README, Benchmarks).
import type * as Http from "node:http";
import { TransportError, type StreamingRequest, type Transport, type TransportRequest, type TransportResponse } from "./transport.ts";

export function createTransport(hostPort: string): Transport {
  const http = process.getBuiltinModule("node:http") as typeof Http;
  const sep = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, sep);
  const port = Number(hostPort.slice(sep + 1));
  // One socket, kept alive between invokes; Lambda freezes the process while it waits.
  const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 1 });
  let agent = newAgent();

  function send(request: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...request.headers };
      // Encode a string body once: its length and the bytes written come from the same pass.
      const body = typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body;
      if (body !== undefined) headers["content-length"] = body.byteLength;
      const req = http.request(
        { host, port, method: request.method, path: request.path, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", (error) => reject(toTransportError(error, false, res.headers)));
          // A body cut short may close without an error event; a settled promise ignores this.
          res.on("close", () => {
            if (!res.complete) reject(toTransportError(Object.assign(new Error("the answer's body was cut short"), { code: "ECONNRESET" }), false, res.headers));
          });
          res.on("end", () => {
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
            });
          });
        },
      );
      req.on("error", (error) => reject(toTransportError(error, isConnectError(error))));
      if (request.idleTimeoutMs) {
        req.setTimeout(request.idleTimeoutMs, () => {
          req.destroy(Object.assign(new Error(`no answer within ${request.idleTimeoutMs} ms`), { code: "ETIMEDOUT" }));
        });
      }
      req.end(body);
    });
  }

  function openStream(path: string, headers: Record<string, string>): StreamingRequest {
    const req = http.request({ host, port, method: "POST", path, headers, agent });
    const response = new Promise<TransportResponse>((resolve, reject) => {
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", (error) => reject(toTransportError(error, false)));
      });
      req.on("error", (error) => reject(toTransportError(error, isConnectError(error))));
    });
    // A caller may never look at the answer (e.g. after destroy()); don't let that crash the process.
    response.catch(() => {});
    return {
      write: (chunk) => req.write(chunk),
      onceDrain: (listener) => void req.once("drain", listener),
      end: (trailers) => {
        if (trailers) req.addTrailers(trailers);
        req.end();
      },
      destroy: (error) => void req.destroy(error),
      response,
    };
  }

  const reset = () => {
    // After a SnapStart restore the socket's peer is gone: a fresh agent opens a new connection.
    agent.destroy();
    agent = newAgent();
  };
  return { send, openStream, reset, close: () => agent.destroy() };
}

// A refused or unresolvable connection never carried the request, so it is safe to send again.
function isConnectError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

function toTransportError(error: Error, notSent: boolean, responseHeaders?: Http.IncomingHttpHeaders): TransportError {
  const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
  return new TransportError(`${code}: ${error.message}`, code, notSent, error, responseHeaders);
}
