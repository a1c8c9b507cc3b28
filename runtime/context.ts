// Builds the handler's Context from one /next response's headers.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type { RuntimeConfig } from "./config.ts";
import { InvokeHeader } from "./headers.ts";
import type { HeaderValue } from "./transport/transport.ts";
import type { ClientContext, CognitoIdentity, Context } from "./types.ts";

export interface InvocationHeaders {
  requestId: string;
  deadline: number;
  functionArn: string;
  traceId: string | undefined;
  tenantId: string | undefined;
  invocationId: string | undefined;
  clientContext: ClientContext | undefined;
  identity: CognitoIdentity | undefined;
}

/** An invoke Lambda sent with a bad header: what is known of it, so it can still be failed. */
export class MalformedInvocation extends Error {
  override readonly name = "Runtime.MalformedInvocation";
  requestId: string | undefined;
  invocationId: string | undefined;
  constructor(message: string, requestId?: string, invocationId?: string) {
    super(message);
    this.requestId = requestId;
    this.invocationId = invocationId;
  }
}

const single = (function single(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
});

function parseJsonHeader<T>(name: string, value: string, requestId: string, invocationId: string | undefined): T {
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new MalformedInvocation(`header ${name} is not valid JSON`, requestId, invocationId);
  }
}

/** Reads the invoke headers; throws MalformedInvocation when a required one is missing or bad. */
export const readInvocationHeaders = (function readInvocationHeaders(headers: Record<string, HeaderValue>): InvocationHeaders {
  const requestId = single(headers[InvokeHeader.requestId]);
  if (!requestId) throw new MalformedInvocation(`missing ${InvokeHeader.requestId} header`);
  const invocationId = single(headers[InvokeHeader.invocationId]) || undefined;
  const deadlineText = single(headers[InvokeHeader.deadlineMs]);
  const deadline = Number(deadlineText);
  if (!deadlineText || !Number.isFinite(deadline)) {
    throw new MalformedInvocation(`header ${InvokeHeader.deadlineMs} is not a number: ${JSON.stringify(deadlineText ?? "")}`, requestId, invocationId);
  }
  const clientContext = single(headers[InvokeHeader.clientContext]);
  const identity = single(headers[InvokeHeader.cognitoIdentity]);
  return {
    requestId,
    deadline,
    functionArn: single(headers[InvokeHeader.functionArn]) ?? "",
    traceId: single(headers[InvokeHeader.traceId]) || undefined,
    tenantId: single(headers[InvokeHeader.tenantId]) || undefined,
    invocationId,
    // Most invokes carry neither: the JSON path then never runs (nor compiles, on the first invoke).
    clientContext: clientContext ? parseJsonHeader<ClientContext>(InvokeHeader.clientContext, clientContext, requestId, invocationId) : undefined,
    identity: identity ? parseJsonHeader<CognitoIdentity>(InvokeHeader.cognitoIdentity, identity, requestId, invocationId) : undefined,
  };
});

export const buildContext = (function buildContext(invocation: InvocationHeaders, config: RuntimeConfig): Context {
  return new InvokeContext(invocation, config);
});

// A class, not an object literal with a getter: one shape for every invoke, and a fraction of
// the allocation. What AWS's context has (getRemainingTimeInMillis included) stays an own
// property, so spreading or destructuring it works as it does there.
class InvokeContext implements Context {
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly identity: CognitoIdentity | undefined;
  readonly clientContext: ClientContext | undefined;
  callbackWaitsForEmptyEventLoop = false;
  readonly deadline: number;
  readonly xRayTraceId: string | undefined;
  readonly tenantId: string | undefined;
  readonly getRemainingTimeInMillis: () => number;
  #signal: AbortSignal | undefined;

  constructor(invocation: InvocationHeaders, config: RuntimeConfig) {
    const { deadline } = invocation;
    this.awsRequestId = invocation.requestId;
    this.invokedFunctionArn = invocation.functionArn;
    this.functionName = config.functionName;
    this.functionVersion = config.functionVersion;
    this.memoryLimitInMB = config.memoryLimitInMB;
    this.logGroupName = config.logGroupName;
    this.logStreamName = config.logStreamName;
    this.identity = invocation.identity;
    this.clientContext = invocation.clientContext;
    this.deadline = deadline;
    this.xRayTraceId = invocation.traceId;
    this.tenantId = invocation.tenantId;
    // Through a local, not written straight into the property: V8 allocates a function literal
    // assigned to a property in the old generation (it takes it for a long-lived method), and a
    // dead old closure keeps what it points at through every scavenge until a full GC.
    const getRemainingTimeInMillis = () => Math.max(0, deadline - Date.now());
    this.getRemainingTimeInMillis = getRemainingTimeInMillis;
  }

  /** Created on first use: most handlers never read it, and a timer per invoke is not free. */
  get signal(): AbortSignal {
    return (this.#signal ??= AbortSignal.timeout(Math.max(0, this.deadline - Date.now())));
  }
}
