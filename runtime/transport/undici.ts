// Runtime API transport on undici's Client. Same contract as node-http.ts; the build chooses one
// (the benchmark measures both; see README, Benchmarks).
import { Client, errors } from "undici";
import { TransportError, type Transport, type TransportRequest, type TransportResponse } from "./transport.ts";

export function createTransport(hostPort: string): Transport {
  // headersTimeout/bodyTimeout 0: /next is a long poll that must never time out client-side.
  const client = new Client(`http://${hostPort}`, { pipelining: 1, headersTimeout: 0, bodyTimeout: 0, keepAliveTimeout: 600_000 });

  async function send(request: TransportRequest): Promise<TransportResponse> {
    try {
      const res = await client.request({
        method: request.method,
        path: request.path,
        headers: request.headers ?? {},
        body: request.body ?? null,
        headersTimeout: request.idleTimeoutMs ?? 0,
        bodyTimeout: request.idleTimeoutMs ?? 0,
      });
      const chunks: Buffer[] = [];
      for await (const chunk of res.body) chunks.push(chunk as Buffer);
      return {
        status: res.statusCode,
        headers: res.headers as Record<string, string | string[] | undefined>,
        body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
      const notSent = code === "ECONNREFUSED" || error instanceof errors.ConnectTimeoutError;
      throw new TransportError(`${code}: ${(error as Error).message}`, code, notSent, error);
    }
  }

  return { send, close: () => void client.close() };
}
