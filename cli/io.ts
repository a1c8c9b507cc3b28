// Where a command reads and writes, passed in rather than taken from `process`, so tests run the
// CLI in-process and the real entry point wires it to the terminal.
import type { Readable, Writable } from "node:stream";

export interface Io {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** Relative paths in arguments resolve from here. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd(), env: process.env };
}

/** Resolves once `chunk` is handed to the stream, waiting for a drain when it is full. */
export function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}
