// Where a streamed response goes while the runtime produces it: the invoke front gives the
// sandbox a sink per caller (event-stream framing, a Function URL answer), so bytes flow through
// with backpressure instead of being collected.

export interface ResponseSink {
  /** The runtime opened its response; called once, before any write. */
  begin(requestId: string, contentType: string): void;
  /** Resolves when the caller can take more; a caller that went away takes (and drops) all. */
  write(chunk: Buffer): Promise<void> | void;
}
