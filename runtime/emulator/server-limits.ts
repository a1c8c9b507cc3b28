// Resource bounds of the emulator's caller-facing servers: how long a caller may take to send
// its headers and its body, how long an idle kept-alive connection stays, and how many
// connections may be open. A stuck or hostile client costs a socket for seconds, not minutes.
import type { Server, ServerOptions } from "node:http";

export interface ServerLimits {
  headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body); the wait for the result is not counted. */
  requestTimeoutMs: number;
  /** Idle time of a kept-alive connection between requests. */
  idleTimeoutMs: number;
  maxConnections: number;
}

/** Options for createServer; timeouts are checked every second rather than Node's 30 s. */
export function serverOptions(limits: ServerLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs + 1),
    keepAliveTimeout: limits.idleTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
}

export function applyConnectionCap(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
}
