// Buffers the runtime makes on every invoke (bodies it keeps, requests and log frames it writes),
// each over an ArrayBuffer of its own. Node.js 24 cuts small Buffers (Buffer.from, concat,
// allocUnsafe under 32 KiB) out of a shared 64 KiB slab. A slab lives across many invokes, so
// V8 promotes it to the old generation, and only a full GC frees it, which a function with a small
// steady heap seldom runs: the echo demo grew by about 120 bytes an invoke (2 MB in 20,000
// invokes) that way. A buffer of its own is young garbage, freed by the next scavenge.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").

/** `size` bytes, uninitialised, over an ArrayBuffer of their own. */
export const unpooled = (function unpooled(size: number): Buffer {
  return Buffer.allocUnsafeSlow(size);
});

/** A copy of `bytes` over an ArrayBuffer of its own. */
export function unpooledCopy(bytes: Uint8Array): Buffer {
  const copy = Buffer.allocUnsafeSlow(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

/** The parts, text (Latin-1) or bytes, joined in one buffer of its own. */
export function unpooledJoin(parts: readonly (string | Uint8Array)[]): Buffer {
  let size = 0;
  for (const part of parts) size += typeof part === "string" ? part.length : part.byteLength;
  const joined = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const part of parts) {
    if (typeof part === "string") at += joined.write(part, at, "latin1");
    else {
      joined.set(part, at);
      at += part.byteLength;
    }
  }
  return joined;
}
