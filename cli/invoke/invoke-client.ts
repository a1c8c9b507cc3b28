// Calls a running emulator's (or any RIE-compatible) invoke API: the buffered Invoke and
// InvokeWithResponseStream, writing the result to the caller's streams as it arrives.
import { CommandFailed } from "../errors.ts";
import { write, type Io } from "../io.ts";
import { EventStreamDecoder, type EventStreamMessage } from "./event-stream-decoder.ts";

export interface InvokeRequest {
  endpoint: string;
  functionName: string;
  payload: string;
  /** Ask for the last 4 KB of the log (X-Amz-Log-Type: Tail) and print it to stderr. */
  tail: boolean;
}

export type InvokeOutcome = "ok" | "function-error";

export async function invokeBuffered(request: InvokeRequest, io: Io): Promise<InvokeOutcome> {
  const url = new URL(`/2015-03-31/functions/${encodeURIComponent(request.functionName)}/invocations`, request.endpoint);
  const response = await post(url, request);
  const body = Buffer.from(await response.arrayBuffer());
  await printTail(response.headers.get("x-amz-log-result"), request, io);
  if (response.status !== 200) throw new CommandFailed(`${url.href} answered ${response.status}: ${body.toString("utf8")}`);
  if (response.headers.get("x-amz-function-error") !== null) {
    await write(io.stderr, withNewline(body));
    return "function-error";
  }
  await write(io.stdout, isTerminal(io.stdout) ? withNewline(body) : body);
  return "ok";
}

export async function invokeStreaming(request: InvokeRequest, io: Io): Promise<InvokeOutcome> {
  const url = new URL(`/2021-11-15/functions/${encodeURIComponent(request.functionName)}/response-streaming-invocations`, request.endpoint);
  const response = await post(url, request);
  const type = response.headers.get("content-type") ?? "";
  if (response.status !== 200 || !type.startsWith("application/vnd.amazon.eventstream") || response.body === null) {
    throw new CommandFailed(`${url.href} answered ${response.status} (${type || "no content type"}): ${await response.text()}`);
  }
  const decoder = new EventStreamDecoder();
  let lastByte: number | undefined;
  for await (const bytes of response.body) {
    for (const message of decoder.push(bytes)) {
      const kind = eventType(message);
      if (kind === "PayloadChunk") {
        if (message.payload.length > 0) lastByte = message.payload[message.payload.length - 1];
        await write(io.stdout, message.payload);
      } else if (kind === "InvokeComplete") {
        if (lastByte !== undefined && lastByte !== 0x0a && isTerminal(io.stdout)) await write(io.stdout, "\n");
        return complete(message, request, io);
      } else if (message.headers[":message-type"] !== "event") {
        throw new CommandFailed(`stream error ${String(message.headers[":exception-type"] ?? message.headers[":error-code"] ?? "")}: ${message.payload.toString("utf8")}`);
      }
    }
  }
  throw new CommandFailed(`the response stream ended before InvokeComplete${decoder.pending > 0 ? ` (inside a message, ${decoder.pending} bytes)` : ""}`);
}

async function complete(message: EventStreamMessage, request: InvokeRequest, io: Io): Promise<InvokeOutcome> {
  const result = JSON.parse(message.payload.toString("utf8")) as { ErrorCode?: string; ErrorDetails?: string; LogResult?: string };
  await printTail(result.LogResult || null, request, io);
  if (result.ErrorCode === undefined) return "ok";
  await write(io.stderr, `${result.ErrorCode}: ${result.ErrorDetails ?? ""}\n`);
  return "function-error";
}

async function post(url: URL, request: InvokeRequest): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (request.tail) headers["x-amz-log-type"] = "Tail";
  try {
    return await fetch(url, { method: "POST", headers, body: request.payload });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CommandFailed(`cannot reach ${url.origin} (${cause?.code ?? cause?.message ?? (error as Error).message}); is a function running there? A built bootstrap started with node serves on 127.0.0.1:8080.`);
  }
}

async function printTail(logResult: string | null, request: InvokeRequest, io: Io): Promise<void> {
  if (!request.tail || logResult === null || logResult === "") return;
  await write(io.stderr, withNewline(Buffer.from(logResult, "base64")));
}

function eventType(message: EventStreamMessage): string | undefined {
  const value = message.headers[":event-type"];
  return typeof value === "string" ? value : undefined;
}

function withNewline(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? Buffer.concat([bytes, Buffer.from("\n")]) : bytes;
}

function isTerminal(stream: unknown): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}
