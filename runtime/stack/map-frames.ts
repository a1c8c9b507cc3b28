// Rewrites the frames of a stack trace that point into a bundle with a source map, so
// `at dt (file:///var/task/bootstrap:2:247)` reads `at chargeCard (src/billing.ts:14:11)`.
// Only text is touched, when an error is formatted: no Error.prepareStackTrace, no
// --enable-source-maps, nothing at start-up. Frames without a map are left exactly as they are.
import { originLookup, type Origin } from "./source-maps.ts";

interface Frame {
  /** Leading blanks and "at ", kept as is. */
  indent: string;
  /** The function part, `async fn` or `new X`, when the frame has one. */
  callee: string | undefined;
  file: string;
  line: number;
  column: number;
}

// `    at callee (location)` or `    at location`, where location is a file: URL or an absolute
// path ending in :line:column. Frames already mapped (relative paths) do not match.
const FRAME = /^(\s*at )(?:(.+?) \(((?:file:\/\/|\/)[^()]*?):(\d+):(\d+)\)|((?:file:\/\/|\/)[^()]*?):(\d+):(\d+))$/;

/** The stack (or any text holding one) with every mappable frame in original positions. */
export function mapFrames(text: string): string {
  if (!text.includes("\n    at ")) return text;
  try {
    const lines = text.split("\n");
    const frames = lines.map(parseFrame);
    return lines.map((line, i) => rewrite(line, frames[i], frames[i + 1])).join("\n");
  } catch {
    return text;
  }
}

function parseFrame(line: string): Frame | undefined {
  const match = FRAME.exec(line);
  if (match === null) return undefined;
  const [, indent = "", callee, file, line1, column1, bareFile, line2, column2] = match;
  return callee !== undefined
    ? { indent, callee, file: file ?? "", line: Number(line1), column: Number(column1) }
    : { indent, callee: undefined, file: bareFile ?? "", line: Number(line2), column: Number(column2) };
}

function rewrite(line: string, frame: Frame | undefined, caller: Frame | undefined): string {
  if (frame === undefined) return line;
  const origin = originOf(frame);
  if (origin === undefined) return line;
  const location = `${origin.source}:${origin.line}:${origin.column}`;
  if (frame.callee === undefined) return `${frame.indent}${location}`;
  return `${frame.indent}${calleeName(frame.callee, caller)} (${location})`;
}

function originOf(frame: Frame): Origin | undefined {
  return originLookup(frame.file)?.(frame.line, frame.column);
}

/**
 * A minified function name (`dt`) is replaced by the name written where its caller called it,
 * as Node.js does with --enable-source-maps; qualified names (`Foo.bar`) are left alone.
 */
function calleeName(callee: string, caller: Frame | undefined): string {
  const prefix = /^(?:async |new )/.exec(callee)?.[0] ?? "";
  const name = callee.slice(prefix.length);
  if (caller === undefined || !/^[\w$]+$/.test(name)) return callee;
  const original = originOf(caller)?.name;
  return original === undefined ? callee : `${prefix}${original}`;
}
