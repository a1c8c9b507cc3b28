// The header lines of an HTTP/1.1 head (after the status line), as node:http delivers them:
// names lower-cased, repeated names joined.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type { HeaderValue } from "./transport.ts";

/** Lower-case forms of the header names seen so far: the Runtime API sends the same few each time. */
const lowerNames = new Map<string, string>();

const lowerName = (function lowerName(raw: string): string {
  let lower = lowerNames.get(raw);
  if (lower === undefined) {
    lower = raw.toLowerCase();
    // Bounded: a server inventing names must not grow it for ever.
    if (lowerNames.size < 256) lowerNames.set(raw, lower);
  }
  return lower;
});

/** One header line after its CRLF: the name, and the value without blanks around it. */
const HEADER_LINE = /\r\n([^\r\n:]+):[ \t]*([^\r\n]*?)[ \t]*(?=\r\n|$)/g;

/** Where addHeader() writes: between heads, an empty object nothing writes to (no allocation to let go of the last one). */
const NOT_READING: Record<string, HeaderValue> = Object.freeze({});
/** The headers being read by readHeaderLines(), filled by addHeader() (one head at a time: all synchronous). */
let reading = NOT_READING;

/**
 * The header lines after the status line, names lower-cased; repeated names are joined (set-cookie
 * kept apart); undefined when a line is not `name: value`. `statusLineEnd`: where the status
 * line ends (the head's length when it has no header lines). The lines are found by a regular
 * expression, in native code: a loop over them in JavaScript ran often enough for V8 to optimise
 * it fully within a few hundred invokes, a compile that cost more memory than any other the
 * runtime makes (README, "Memory and the first invoke").
 */
export const readHeaderLines = (function readHeaderLines(head: string, statusLineEnd: number): Record<string, HeaderValue> | undefined {
  const headers = (reading = {});
  // Every well-formed line is replaced by nothing: anything left past the status line is not one.
  const rest = head.replace(HEADER_LINE, addHeader);
  reading = NOT_READING;
  return rest.length === statusLineEnd ? headers : undefined;
});

const addHeader = (function addHeader(_line: string, rawName: string, value: string): string {
  const name = lowerName(rawName);
  const seen = reading[name];
  if (seen === undefined) reading[name] = name === "set-cookie" ? [value] : value;
  else if (Array.isArray(seen)) seen.push(value);
  else reading[name] = `${seen}, ${value}`;
  return "";
});

/** The first line after the status line that is not `name: value` (for the error message). */
export function malformedLine(head: string): string {
  return head.split("\r\n").slice(1).find((line) => !/^[^\r\n:]+:[^\r\n]*$/.test(line)) ?? "";
}
