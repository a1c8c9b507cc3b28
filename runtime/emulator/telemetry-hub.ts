// The Telemetry API as Lambda runs it (PROTOCOL §4): extensions subscribe during init; platform
// events and function/extension log lines are batched per subscriber (maxItems, maxBytes,
// timeoutMs) and POSTed as JSON arrays. Delivery never blocks an invoke: a subscriber that is
// down or slow gets its batches dropped past a bound, and is told so with platform.logsDropped.
import { request as httpRequest } from "node:http";
import type { ApiAnswer } from "./api-answer.ts";
import { validateSubscription, type Buffering } from "../telemetry/subscription.ts";
import type { TelemetryType } from "../telemetry/types.ts";

interface Event {
  time: string;
  type: string;
  record: unknown;
}

interface Subscriber {
  name: string;
  types: Set<TelemetryType>;
  buffering: Buffering;
  host: string;
  port: number;
  path: string;
  pending: Event[];
  pendingBytes: number;
  timer: NodeJS.Timeout | undefined;
  sending: boolean;
  dropped: { records: number; bytes: number };
}

/** Past this many bytes waiting for one subscriber, new records are dropped (and counted). */
const MAX_BACKLOG_FACTOR = 4;

export class TelemetryHub {
  readonly #subscribers: Subscriber[] = [];
  /** The one schemaVersion subscriptions may use, when the mode fixes it. */
  requiredSchema: string | undefined;
  #open = true;

  // PUT /2022-07-01/telemetry
  subscribe(extensionName: string | undefined, body: Buffer): ApiAnswer {
    if (extensionName === undefined) return { status: 403, body: { errorType: "Extension.UnknownExtensionIdentifier", errorMessage: "subscribe with a registered extension's Lambda-Extension-Identifier" } };
    if (!this.#open) return { status: 403, body: { errorType: "Telemetry.SubscriptionClosed", errorMessage: "subscriptions close when init ends" } };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return { status: 400, body: { errorType: "ValidationError", errorMessage: "the subscription is not JSON" } };
    }
    // Managed Instances take only the newer schema (its events carry the invoke they belong to).
    if (this.requiredSchema !== undefined && (parsed as { schemaVersion?: unknown } | null)?.schemaVersion !== this.requiredSchema) {
      return { status: 400, body: { errorType: "ValidationError", errorMessage: `schemaVersion must be ${this.requiredSchema} in Lambda Managed Instances` } };
    }
    const checked = validateSubscription(parsed);
    if (!checked.ok) return { status: 400, body: { errorType: "ValidationError", errorMessage: checked.message } };
    const { destination, buffering, types } = checked.value;
    if (destination.protocol !== "HTTP") return { status: 400, body: { errorType: "ValidationError", errorMessage: "the emulator delivers over HTTP only; use an HTTP destination" } };
    const url = new URL(destination.URI);
    // sandbox.localdomain is the sandbox itself: on this machine, loopback.
    const host = url.hostname === "sandbox.localdomain" ? "127.0.0.1" : url.hostname;
    const existing = this.#subscribers.findIndex((s) => s.name === extensionName);
    if (existing >= 0) this.#subscribers.splice(existing, 1);
    this.#subscribers.push({ name: extensionName, types: new Set(types), buffering, host, port: Number(url.port || 80), path: url.pathname + url.search, pending: [], pendingBytes: 0, timer: undefined, sending: false, dropped: { records: 0, bytes: 0 } });
    this.platform("platform.telemetrySubscription", { name: extensionName, state: "Subscribed", types });
    return { status: 200, body: "OK" as unknown as Record<string, string> };
  }

  closeSubscriptions(): void {
    this.#open = false;
  }

  platform(type: string, record: object): void {
    this.#emit("platform", { time: new Date().toISOString(), type, record });
  }

  log(kind: "function" | "extension", line: string, json: boolean): void {
    let record: unknown = line;
    if (json) {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed !== null && typeof parsed === "object") record = parsed;
      } catch {
        // a plain line in JSON mode stays a string
      }
    }
    this.#emit(kind, { time: new Date().toISOString(), type: kind, record });
  }

  /** Delivers what is buffered (at shutdown), then forgets every subscription. */
  async flushAndReset(): Promise<void> {
    await Promise.all(this.#subscribers.map((s) => this.#flush(s, true)));
    for (const s of this.#subscribers) clearTimeout(s.timer);
    this.#subscribers.length = 0;
    this.#open = true;
  }

  #emit(kind: TelemetryType, event: Event): void {
    for (const subscriber of this.#subscribers) {
      if (!subscriber.types.has(kind)) continue;
      const bytes = Buffer.byteLength(JSON.stringify(event));
      if (subscriber.pendingBytes + bytes > subscriber.buffering.maxBytes * MAX_BACKLOG_FACTOR) {
        subscriber.dropped.records += 1;
        subscriber.dropped.bytes += bytes;
        continue;
      }
      subscriber.pending.push(event);
      subscriber.pendingBytes += bytes;
      if (subscriber.pending.length >= subscriber.buffering.maxItems || subscriber.pendingBytes >= subscriber.buffering.maxBytes) void this.#flush(subscriber);
      else subscriber.timer ??= setTimeout(() => void this.#flush(subscriber), subscriber.buffering.timeoutMs).unref();
    }
  }

  async #flush(subscriber: Subscriber, final = false): Promise<void> {
    clearTimeout(subscriber.timer);
    subscriber.timer = undefined;
    if (subscriber.sending && !final) return; // the batch in flight will pick the rest up
    if (subscriber.dropped.records > 0) {
      const { records, bytes } = subscriber.dropped;
      subscriber.dropped = { records: 0, bytes: 0 };
      subscriber.pending.unshift({ time: new Date().toISOString(), type: "platform.logsDropped", record: { droppedBytes: bytes, droppedRecords: records, reason: "Some logs were dropped because the downstream consumer is slower than the logs production rate" } });
    }
    while (subscriber.pending.length > 0) {
      const batch = subscriber.pending.splice(0, subscriber.buffering.maxItems);
      subscriber.pendingBytes = subscriber.pending.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0);
      subscriber.sending = true;
      const delivered = await post(subscriber, batch);
      subscriber.sending = false;
      if (!delivered) {
        subscriber.dropped.records += batch.length;
        subscriber.dropped.bytes += Buffer.byteLength(JSON.stringify(batch));
        return;
      }
    }
  }
}

/** One POST of a JSON array; false when the subscriber is down or answers with an error. */
function post(subscriber: Subscriber, batch: Event[]): Promise<boolean> {
  const body = JSON.stringify(batch);
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: subscriber.host, port: subscriber.port, path: subscriber.path, method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve((res.statusCode ?? 500) < 300));
      },
    );
    req.setTimeout(10_000, () => req.destroy());
    req.on("error", () => resolve(false));
    req.end(body);
  });
}
