// The seam between the Runtime API routes and an HTTP client: a transport knows only a base
// address and how to send one request on one kept-alive connection.

export type HeaderValue = string | string[] | undefined;

export interface TransportResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, HeaderValue>;
  body: Buffer;
}

export interface TransportRequest {
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Milliseconds of socket inactivity before the request fails; 0 (the default) waits forever. */
  idleTimeoutMs?: number;
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  close(): void;
}

/** A network-level failure; `code` is Node's (ECONNRESET, ECONNREFUSED, HPE_…, ETIMEDOUT). */
export class TransportError extends Error {
  override readonly name = "TransportError";
  readonly code: string;
  /** True when the request cannot have reached the server, so sending it again is safe. */
  readonly notSent: boolean;
  constructor(message: string, code: string, notSent: boolean, cause?: unknown) {
    super(message, { cause });
    this.code = code;
    this.notSent = notSent;
  }
}
