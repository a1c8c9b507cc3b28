// subscribeTelemetry(): an extension's listener for the Telemetry API. It answers every batch at
// once and hands events to the callback one batch at a time from a bounded queue, so a slow
// callback never holds Lambda's delivery up; batches past the bound are dropped and counted.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTransport } from "../transport/loopback-http.ts";
import { DEFAULT_SCHEMA_VERSION, validateBuffering, type Buffering, type SchemaVersion } from "../telemetry/subscription.ts";
import type { TelemetryEvent, TelemetryType } from "../telemetry/types.ts";
import { currentIdentifier } from "./register.ts";

export interface TelemetryOptions {
  types: TelemetryType[];
  buffering?: Partial<Buffering>;
  /** Called with each batch, in order; a throw is logged and the next batch still comes. */
  onEvents(events: TelemetryEvent[]): void | Promise<void>;
  /** Default 2022-12-13 (the newest classic schema); Lambda Managed Instances need 2025-01-29. */
  schemaVersion?: SchemaVersion;
  /** Listener port (default: any free one). */
  port?: number;
  /** Batches waiting for onEvents past which new ones are dropped (default 100). */
  maxQueuedBatches?: number;
}

export interface TelemetrySubscription {
  port: number;
  /** Batches dropped because onEvents was behind. */
  dropped(): number;
  close(): Promise<void>;
}

export class TelemetryConfigError extends Error {
  override readonly name = "Telemetry.InvalidConfiguration";
}

/** The platform has no Telemetry API (AWS's RIE answers Telemetry.NotSupported). */
export class TelemetryNotSupported extends Error {
  override readonly name = "Telemetry.NotSupported";
}

export async function subscribeTelemetry(options: TelemetryOptions): Promise<TelemetrySubscription> {
  const identifier = currentIdentifier();
  if (identifier === undefined) throw new TelemetryConfigError("subscribeTelemetry() needs a registered extension: call it from registerExtension's onInit");
  const buffering = validateBuffering(options.buffering ?? {});
  if (!buffering.ok) throw new TelemetryConfigError(buffering.message);
  if (options.types.length === 0) throw new TelemetryConfigError("types must name at least one of platform, function, extension");

  const maxQueued = options.maxQueuedBatches ?? 100;
  const queue: TelemetryEvent[][] = [];
  let dropped = 0;
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      try {
        await options.onEvents(batch);
      } catch (error) {
        console.error("[telemetry] onEvents failed:", error);
      }
    }
    draining = false;
  };

  const http = process.getBuiltinModule("node:http");
  const server: Server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.writeHead(200).end();
      let batch: unknown;
      try {
        batch = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return;
      }
      if (!Array.isArray(batch)) return;
      if (queue.length >= maxQueued) dropped += 1;
      else queue.push(batch as TelemetryEvent[]);
      void drain();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "0.0.0.0", resolve));
  const port = (server.address() as AddressInfo).port;
  server.unref();

  const transport = createTransport(process.env["AWS_LAMBDA_RUNTIME_API"] ?? "");
  try {
    // PUT /2022-07-01/telemetry
    const res = await transport.send({
      method: "PUT",
      path: "/2022-07-01/telemetry",
      headers: { "lambda-extension-identifier": identifier, "content-type": "application/json" },
      body: JSON.stringify({
        schemaVersion: options.schemaVersion ?? DEFAULT_SCHEMA_VERSION,
        types: options.types,
        buffering: buffering.value,
        destination: { protocol: "HTTP", URI: `http://sandbox.localdomain:${port}/telemetry` },
      }),
    });
    const text = res.body.toString("utf8");
    if (text.includes("Telemetry.NotSupported")) throw new TelemetryNotSupported("this platform does not support the Telemetry API (AWS's runtime interface emulator answers Telemetry.NotSupported); no events will come");
    if (res.status !== 200) throw new TelemetryConfigError(`the Telemetry API refused the subscription (${res.status}): ${text}`);
  } catch (error) {
    server.close();
    throw error;
  } finally {
    transport.close();
  }
  return {
    port,
    dropped: () => dropped,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
