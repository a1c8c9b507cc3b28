// What the sandbox's phases share: how an invoke and an init end, what the runtime side knows of
// the invoke it is answering, and the small helpers for telemetry records.
import type { ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import type { InvokeRequest } from "./invoke-types.ts";
import type { ResponseSink } from "./response-sink.ts";
import type { ExitStatus } from "./runtime-process.ts";

export type Outcome =
  | { kind: "response"; body: Buffer; contentType: string; streamed: boolean }
  | { kind: "error"; body: Buffer; streamed: boolean }
  | { kind: "exit"; status: ExitStatus }
  | { kind: "timeout" };

export type InitOutcome =
  | { kind: "ready" }
  | { kind: "init-error"; body: Buffer }
  | { kind: "extension-error"; errorType: string; errorMessage: string }
  | { kind: "exit"; status: ExitStatus }
  | { kind: "timeout" };

export interface Delivery {
  outcome: Outcome;
  delivered: boolean;
  durationMs: number;
  startedAt: number;
  firstByteAt: number;
  endedAt: number;
  bytes: number;
}

/** tracing and tenantId fields of telemetry records, when the invoke has them. */
export function traced(request: InvokeRequest): { tracing?: { type: "X-Amzn-Trace-Id"; value: string }; tenantId?: string } {
  return {
    ...(request.traceId ? { tracing: { type: "X-Amzn-Trace-Id" as const, value: request.traceId } } : {}),
    ...(request.tenantId ? { tenantId: request.tenantId } : {}),
  };
}

export const isoAt = (performanceNow: number) => new Date(Date.now() - (performance.now() - performanceNow)).toISOString();

export interface Active {
  requestId: string;
  invocationId: string;
  /** Where a streamed response goes; without one it is collected like a buffered one. */
  sink: ResponseSink | undefined;
  /** True once the runtime has been handed the invoke through /next. */
  delivered: boolean;
  /** When the runtime's answer began (performance.now()), and how many bytes it produced. */
  firstByteAt: number | undefined;
  bytes: number;
  deliver(res: ServerResponse): void;
  settle(outcome: Outcome): void;
}

export const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** A timer that never keeps the emulator alive. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
