// Decodes a source map's `mappings` (base64 VLQ, source map v3) into flat typed arrays in one
// pass: several times faster than node:module's SourceMap, which builds an object per segment.
// Lookups are a binary search by generated line, then column.

/** Every segment that names a source, in generated order. Lines and columns are 0-based. */
export interface DecodedMappings {
  count: number;
  generatedLine: Int32Array;
  generatedColumn: Int32Array;
  source: Int32Array;
  originalLine: Int32Array;
  originalColumn: Int32Array;
  /** Index into `names`, or -1. */
  name: Int32Array;
}

const BASE64 = new Int8Array(128).fill(-1);
for (const [i, c] of [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].entries()) BASE64[c.charCodeAt(0)] = i;

const SEMICOLON = 59;
const COMMA = 44;

export function decodeMappings(mappings: string): DecodedMappings {
  // A segment takes at least 2 characters; sized for the worst case, then trimmed.
  const capacity = Math.ceil(mappings.length / 2) + 1;
  const out = {
    generatedLine: new Int32Array(capacity),
    generatedColumn: new Int32Array(capacity),
    source: new Int32Array(capacity),
    originalLine: new Int32Array(capacity),
    originalColumn: new Int32Array(capacity),
    name: new Int32Array(capacity),
  };
  let count = 0;
  let line = 0;
  let column = 0;
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  let name = 0;
  const fields = [0, 0, 0, 0, 0];
  let at = 0;
  const end = mappings.length;
  while (at < end) {
    const code = mappings.charCodeAt(at);
    if (code === SEMICOLON) {
      line++;
      column = 0;
      at++;
      continue;
    }
    if (code === COMMA) {
      at++;
      continue;
    }
    let n = 0;
    while (at < end) {
      const c = mappings.charCodeAt(at);
      if (c === SEMICOLON || c === COMMA) break;
      // One VLQ value: 5 bits per character, continuation in bit 5, sign in the lowest bit.
      let value = 0;
      let shift = 0;
      let digit: number;
      do {
        digit = BASE64[mappings.charCodeAt(at++)] ?? -1;
        if (digit < 0) throw new Error("invalid mappings");
        value += (digit & 31) * 2 ** shift;
        shift += 5;
      } while (digit & 32);
      if (n < 5) fields[n] = value % 2 === 1 ? -(value - 1) / 2 : value / 2;
      n++;
    }
    column += fields[0]!;
    if (n >= 4) {
      source += fields[1]!;
      originalLine += fields[2]!;
      originalColumn += fields[3]!;
      out.generatedLine[count] = line;
      out.generatedColumn[count] = column;
      out.source[count] = source;
      out.originalLine[count] = originalLine;
      out.originalColumn[count] = originalColumn;
      if (n >= 5) name += fields[4]!;
      out.name[count] = n >= 5 ? name : -1;
      count++;
    }
  }
  return { count, ...out };
}

/** The index of the last segment at or before (line, column) on that same line, or -1. */
export function findSegment(decoded: DecodedMappings, line: number, column: number): number {
  let low = 0;
  let high = decoded.count - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const midLine = decoded.generatedLine[mid]!;
    if (midLine < line || (midLine === line && decoded.generatedColumn[mid]! <= column)) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found >= 0 && decoded.generatedLine[found] === line ? found : -1;
}
