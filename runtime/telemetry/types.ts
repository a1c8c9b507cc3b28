// Telemetry API events (PROTOCOL §4.2): every event is {time, type, record}; the union is
// discriminated on `type`. Groundwork for the Telemetry API issue: the emulator and the
// subscribeTelemetry() client will share these.

export type TelemetryType = "platform" | "function" | "extension";

export interface TelemetryTracing {
  spanId?: string | undefined;
  type: "X-Amzn-Trace-Id";
  value: string;
}

export interface TelemetrySpan {
  name: string;
  start: string;
  durationMs: number;
}

type Envelope<TType extends string, TRecord> = { time: string; type: TType; record: TRecord };

export type InitializationType = "on-demand" | "provisioned-concurrency" | "snap-start" | "lambda-managed-instances" | (string & {});
export type Phase = "init" | "invoke";
export type Status = "success" | "failure" | "error" | "timeout";

export type InitStartEvent = Envelope<"platform.initStart", {
  initializationType: InitializationType;
  phase: Phase;
  runtimeVersion?: string | undefined;
  runtimeVersionArn?: string | undefined;
  functionName?: string | undefined;
  functionVersion?: string | undefined;
  instanceId?: string | undefined;
  instanceMaxMemory?: number | undefined;
  tracing?: TelemetryTracing | undefined;
}>;

export type InitRuntimeDoneEvent = Envelope<"platform.initRuntimeDone", {
  initializationType: InitializationType;
  phase: Phase;
  status: Status;
  errorType?: string | undefined;
  spans?: TelemetrySpan[] | undefined;
  tracing?: TelemetryTracing | undefined;
}>;

export type InitReportEvent = Envelope<"platform.initReport", {
  initializationType: InitializationType;
  phase: Phase;
  status: Status;
  errorType?: string | undefined;
  metrics: { durationMs: number };
  spans?: TelemetrySpan[] | undefined;
  tracing?: TelemetryTracing | undefined;
}>;

export type StartEvent = Envelope<"platform.start", {
  requestId: string;
  version?: string | undefined;
  tenantId?: string | undefined;
  functionArn?: string | undefined;
  tracing?: TelemetryTracing | undefined;
}>;

export type RuntimeDoneEvent = Envelope<"platform.runtimeDone", {
  requestId: string;
  status: Status;
  errorType?: string | undefined;
  metrics?: { durationMs: number; producedBytes?: number | undefined } | undefined;
  spans?: TelemetrySpan[] | undefined;
  tracing?: TelemetryTracing | undefined;
  tenantId?: string | undefined;
}>;

export type ReportEvent = Envelope<"platform.report", {
  requestId: string;
  status: Status;
  errorType?: string | undefined;
  metrics: {
    durationMs: number;
    billedDurationMs: number;
    memorySizeMB: number;
    maxMemoryUsedMB: number;
    initDurationMs?: number | undefined;
    restoreDurationMs?: number | undefined;
    billedRestoreDurationMs?: number | undefined;
  };
  spans?: TelemetrySpan[] | undefined;
  tracing?: TelemetryTracing | undefined;
  tenantId?: string | undefined;
}>;

export type ExtensionStateEvent = Envelope<"platform.extension", { name: string; state: string; events: string[]; errorType?: string | undefined }>;
export type TelemetrySubscriptionEvent = Envelope<"platform.telemetrySubscription", { name: string; state: string; types: TelemetryType[] }>;
export type LogsDroppedEvent = Envelope<"platform.logsDropped", { droppedBytes: number; droppedRecords: number; reason: string }>;

export type RestoreStartEvent = Envelope<"platform.restoreStart", Record<string, unknown>>;
export type RestoreRuntimeDoneEvent = Envelope<"platform.restoreRuntimeDone", { status: Status; errorType?: string | undefined; tracing?: TelemetryTracing | undefined }>;
export type RestoreReportEvent = Envelope<"platform.restoreReport", { status: Status; metrics?: { durationMs: number } | undefined }>;

/** A function or extension log line: a string in text format, the parsed object in JSON format. */
export type FunctionLogEvent = Envelope<"function", string | Record<string, unknown>>;
export type ExtensionLogEvent = Envelope<"extension", string | Record<string, unknown>>;

export type PlatformEvent =
  | InitStartEvent
  | InitRuntimeDoneEvent
  | InitReportEvent
  | StartEvent
  | RuntimeDoneEvent
  | ReportEvent
  | ExtensionStateEvent
  | TelemetrySubscriptionEvent
  | LogsDroppedEvent
  | RestoreStartEvent
  | RestoreRuntimeDoneEvent
  | RestoreReportEvent;

export type TelemetryEvent = PlatformEvent | FunctionLogEvent | ExtensionLogEvent;
