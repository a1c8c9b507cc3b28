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
  method: "GET" | "POST" | "PUT";
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Milliseconds of socket inactivity before the request fails; 0 (the default) waits forever. */
  idleTimeoutMs?: number;
}

/** A request whose body is written as it is produced (chunked), ending with trailers. */
export interface StreamingRequest {
  /** Writes a chunk; false means wait for "drain" (the socket is full). */
  write(chunk: Uint8Array): boolean;
  onceDrain(listener: () => void): void;
  /** Ends the body, with HTTP trailers when given. */
  end(trailers?: Record<string, string>): void;
  /** Aborts the request (the Runtime API sees a truncated body). */
  destroy(error?: Error): void;
  /** The Runtime API's answer, once the body is complete. */
  readonly response: Promise<TransportResponse>;
}

export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Opens a chunked POST with declared trailers (response streaming). */
  openStream?(path: string, headers: Record<string, string>): StreamingRequest;
  /** Destroys the kept-alive sockets but stays usable: new requests open a new connection. */
  reset?(): void;
  close(): void;
}

/** A network-level failure; `code` is Node's (ECONNRESET, ECONNREFUSED, HPE_…, ETIMEDOUT). */
export class TransportError extends Error {
  override readonly name = "TransportError";
  readonly code: string;
  /** True when the request cannot have reached the server, so sending it again is safe. */
  readonly notSent: boolean;
  /** The answer's headers, when the connection broke after they came (a body cut short). */
  readonly responseHeaders: Record<string, HeaderValue> | undefined;
  constructor(message: string, code: string, notSent: boolean, cause?: unknown, responseHeaders?: Record<string, HeaderValue>) {
    super(message, { cause });
    this.code = code;
    this.notSent = notSent;
    this.responseHeaders = responseHeaders;
  }
}
