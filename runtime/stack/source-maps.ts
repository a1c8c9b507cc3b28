// Source maps of bundled files, found and parsed on the first error that needs one, so a cold
// start never pays for them, then kept per file. A missing or unreadable map means "no map":
// frames then stay as they are. Built-ins are fetched lazily for the same reason.
import type * as Fs from "node:fs";
import type * as Url from "node:url";
import { decodeMappings, findSegment } from "./decode-mappings.ts";

/** The parts of a source map (v3) this reads. */
interface SourceMapPayload {
  sources: string[];
  names?: string[];
  mappings: string;
  sourceRoot?: string;
}

/** A position in the original source, 1-based like stack frames. */
export interface Origin {
  /** The source as the map records it, relative to the build's working directory. */
  source: string;
  line: number;
  column: number;
  /** The original name of the identifier mapped at this position, if the map has one. */
  name: string | undefined;
}

export type OriginLookup = (line: number, column: number) => Origin | undefined;

/** Only this much of a file's end is read to find its `sourceMappingURL` comment. */
const TAIL_BYTES = 4096;
const MAPPING_URL = /\/\/[#@] sourceMappingURL=(\S+)\s*$/;

const lookups = new Map<string, OriginLookup | null>();

/** The lookup for a frame's file (a file: URL or an absolute path), or undefined without a map. */
export function originLookup(file: string): OriginLookup | undefined {
  let lookup = lookups.get(file);
  if (lookup === undefined) {
    lookup = load(file);
    lookups.set(file, lookup);
  }
  return lookup ?? undefined;
}

function load(file: string): OriginLookup | null {
  try {
    const { fileURLToPath, pathToFileURL } = process.getBuiltinModule("node:url") as typeof Url;
    const path = file.startsWith("file:") ? fileURLToPath(file) : file;
    const payload = readMap(path, pathToFileURL(path));
    if (payload === undefined || typeof payload.mappings !== "string" || !Array.isArray(payload.sources)) return null;
    const root = payload.sourceRoot ? payload.sourceRoot.replace(/\/?$/, "/") : "";
    const sources = payload.sources.map((source) => displayPath(root + source));
    const names = payload.names ?? [];
    // node:module's SourceMap would do, but it allocates per segment: 3 to 5 times slower.
    const decoded = decodeMappings(payload.mappings);
    return (line, column) => {
      const at = findSegment(decoded, line - 1, column - 1);
      if (at < 0) return undefined;
      const source = sources[decoded.source[at]!];
      if (source === undefined) return undefined;
      const name = decoded.name[at]!;
      return { source, line: decoded.originalLine[at]! + 1, column: decoded.originalColumn[at]! + 1, name: name >= 0 ? names[name] : undefined };
    };
  } catch {
    return null;
  }
}

/** The map named by the file's `sourceMappingURL` comment, else `<file>.map` beside it. */
function readMap(path: string, url: URL): SourceMapPayload | undefined {
  const fs = process.getBuiltinModule("node:fs") as typeof Fs;
  const { fileURLToPath } = process.getBuiltinModule("node:url") as typeof Url;
  const named = MAPPING_URL.exec(readTail(fs, path))?.[1];
  if (named?.startsWith("data:")) return parseDataUrl(named);
  const mapPath = named === undefined ? `${path}.map` : fileURLToPath(new URL(named, url));
  if (!fs.existsSync(mapPath)) return undefined;
  return JSON.parse(fs.readFileSync(mapPath, "utf8")) as SourceMapPayload;
}

function readTail(fs: typeof Fs, path: string): string {
  const fd = fs.openSync(path, "r");
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    fs.closeSync(fd);
  }
}

function parseDataUrl(url: string): SourceMapPayload {
  const comma = url.indexOf(",");
  const meta = url.slice(0, comma);
  const data = url.slice(comma + 1);
  const text = meta.endsWith(";base64") ? Buffer.from(data, "base64").toString("utf8") : decodeURIComponent(data);
  return JSON.parse(text) as SourceMapPayload;
}

/**
 * esbuild records sources relative to the bundle (`../../demos/orders/index.ts`); the leading
 * `../` steps only say where the bundle sat, so a frame reads `demos/orders/index.ts:4:11`: the
 * path in the project, the same on a laptop and in a container.
 */
export function displayPath(source: string): string {
  const path = source.startsWith("file:") ? decodeURIComponent(new URL(source).pathname) : source;
  return path.replace(/^(?:\.\.?\/)+/, "");
}
