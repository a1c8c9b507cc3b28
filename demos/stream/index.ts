// Stream: answers like a Function URL with response streaming, one line at a time over a few
// seconds. `lines` and `intervalMs` come from the query string (Function URL) or the event.
import { HttpResponseStream, streamifyResponse } from "tslambda";

interface StreamEvent {
  lines?: number | string;
  intervalMs?: number | string;
  queryStringParameters?: { lines?: string; intervalMs?: string };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
  });

export const handler = streamifyResponse(async (event: StreamEvent, responseStream, context) => {
  const lines = Math.min(1000, Number(event.queryStringParameters?.lines ?? event.lines ?? 5));
  const intervalMs = Math.min(10_000, Number(event.queryStringParameters?.intervalMs ?? event.intervalMs ?? 500));
  const body = HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    cookies: ["demo=stream; Path=/; HttpOnly"],
  });
  for (let i = 1; i <= lines && !context.signal.aborted; i++) {
    body.write(`line ${i} of ${lines} at ${new Date().toISOString()}\n`);
    if (i < lines) await sleep(intervalMs, context.signal);
  }
  body.end();
});
