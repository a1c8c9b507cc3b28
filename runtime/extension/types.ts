// Extensions API event and registration types (PROTOCOL §3).

export type ExtensionEventType = "INVOKE" | "SHUTDOWN";

export interface Tracing {
  type: "X-Amzn-Trace-Id";
  value: string;
}

export interface InvokeEvent {
  eventType: "INVOKE";
  deadlineMs: number;
  requestId: string;
  invokedFunctionArn: string;
  /** Present when the invoke carries an X-Ray trace header. */
  tracing?: Tracing | undefined;
}

export interface ShutdownEvent {
  eventType: "SHUTDOWN";
  /** spindown, timeout or failure (Lambda's documentation writes them in capitals). */
  shutdownReason: string;
  deadlineMs: number;
}

export type ExtensionEvent = InvokeEvent | ShutdownEvent;

export interface Registration {
  /** Lambda-Extension-Identifier: every later call carries it. */
  identifier: string;
  functionName: string;
  functionVersion: string;
  handler: string;
  accountId?: string | undefined;
}

export interface ExtensionOptions {
  /**
   * Lambda-Extension-Name. An external extension must use its file name (the default: the name
   * of the running script); an internal one any unique name.
   */
  name?: string;
  /** Runs in the runtime process: INVOKE events only, no SHUTDOWN (as on Lambda). */
  internal?: boolean;
  /** After registration, before the first event; a throw is reported as an init error. */
  onInit?(registration: Registration): void | Promise<void>;
  onInvoke?(event: InvokeEvent): void | Promise<void>;
  /** Runs before the shutdown deadline (cut short 50 ms before it); an external extension then exits. */
  onShutdown?(event: ShutdownEvent): void | Promise<void>;
}
