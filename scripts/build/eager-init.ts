// Puts the code a bundle runs at load into its compile cache. esbuild wraps modules it must
// initialise lazily (anything reachable from a dynamic import or a require: most of the AWS SDK)
// in `__esm(() => {…})` and `__commonJS((exports, module) => {…})`. V8 compiles those arrow
// functions only when they are first called, and Node.js writes a module's compile cache right
// after compiling it, before it runs, so their code is never cached and is compiled again at every
// cold start. V8 compiles a parenthesised function expression, `(function(){…})`, with the code
// around it (its heuristic for immediately called functions), so it lands in the cache.
//
// Only wrappers that module evaluation runs are rewritten: those called at the bundle's top level
// and, transitively, at the top of wrappers run (not inside nested functions, nor in the thunks
// esbuild makes of dynamic imports). Caching code that does not run costs more to load than it
// saves. Nothing runs at build time. For the DynamoDB bench function, 321 of 479 wrappers.
//
// An arrow and a function differ only in `this` and `arguments`: both wrappers are called plainly,
// in strict code, so `this` is undefined in both; a body that mentions `arguments` is left alone.
import { transformSync } from "esbuild";
import { matchBraces } from "./js-scan.ts";
import { shiftColumns, type ColumnShift } from "./source-map-shift.ts";

interface Wrapper {
  name: string;
  /** Where `(…)=>{` starts, its `{`, and the body's `}`. */
  start: number;
  open: number;
  close: number;
}

// esbuild's helpers, minified: var __esm = (fn, res, err) => () => {…fn && (res = fn(fn = 0))…}
// and var __commonJS = (cb, mod) => () => {…mod || cb((mod = {exports: {}}).exports, mod)…}.
const ESM_HELPER = /[,; ]([\w$]+)=\([\w$]+,[\w$]+,[\w$]+\)=>\(\)=>\{if\([\w$]+\)throw [\w$]+\[0\];try\{return [\w$]+&&\([\w$]+=[\w$]+\([\w$]+=0\)\)/;
const CJS_HELPER = /[,; ]([\w$]+)=\(([\w$]+),([\w$]+)\)=>\(\)=>\{try\{return \3\|\|\2\(\(\3=\{exports:\{\}\}\)\.exports,\3\),\3\.exports\}/;
/** The thunk esbuild makes of `import("x")`: Promise.resolve().then(() => (init_x(), x_exports)). */
const DYNAMIC_IMPORT_BEFORE = /\.then\(\(\)=>\((?:[\w$]+\(\),)*$/;

export interface EagerInit {
  code: string;
  /** The source map's new `mappings`, when one was given. */
  mappings?: string | undefined;
  /** How many wrappers were made eager. */
  wrapped: number;
}

/** Rewrites `code` (a minified ESM bundle, one line per `mappings` line) so the wrappers its evaluation runs compile with it. */
export function eagerInit(code: string, mappings?: string): EagerInit {
  const unchanged = { code, mappings, wrapped: 0 };
  const helpers = [ESM_HELPER.exec(code)?.[1], CJS_HELPER.exec(code)?.[1]].filter((h) => h !== undefined);
  if (helpers.length === 0) return unchanged;
  let braces: Map<number, number>;
  try {
    braces = matchBraces(code);
  } catch {
    return unchanged; // text this scanner cannot follow: ship the bundle as esbuild made it
  }
  const wrappers = findWrappers(code, braces, helpers);
  const names = new Set(wrappers.keys());
  const run = new Set<string>();
  const todo = [...callsAtTop(code, braces, 0, code.length, names)];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (run.has(name)) continue;
    run.add(name);
    const w = wrappers.get(name)!;
    todo.push(...callsAtTop(code, braces, w.open + 1, w.close, names));
  }

  const edits: { at: number; end: number; text: string }[] = [];
  for (const w of wrappers.values()) {
    if (!run.has(w.name)) continue;
    const body = code.slice(w.open + 1, w.close);
    if (/(?<![\w$.])arguments(?![\w$])/.test(body)) continue;
    // `(a,b)=>{…}` becomes `(function(a,b){…})`: the parameters and body keep their text.
    edits.push({ at: w.start, end: w.start, text: "(function" }, { at: w.open - 2, end: w.open, text: "" }, { at: w.close + 1, end: w.close + 1, text: ")" });
  }
  edits.sort((a, b) => a.at - b.at);
  let out = "";
  let from = 0;
  const shifts: ColumnShift[] = [];
  for (const e of edits) {
    out += code.slice(from, e.at) + e.text;
    shifts.push({ ...lineColumn(code, e.end), by: e.text.length - (e.end - e.at) });
    from = e.end;
  }
  out += code.slice(from);
  // Parsed once, whole: if the scanner misread the text anywhere, change nothing.
  if (!parses(out)) return unchanged;
  return { code: out, mappings: mappings === undefined ? undefined : shiftColumns(mappings, shifts), wrapped: edits.length / 3 };
}

function findWrappers(code: string, braces: Map<number, number>, helpers: string[]): Map<string, Wrapper> {
  const escaped = helpers.map((h) => h.replace(/\$/g, "\\$")).join("|");
  const declared = new RegExp(`(?<![\\w$.])([\\w$]+)=(?:${escaped})\\(\\([\\w$,]*\\)=>\\{`, "g");
  const wrappers = new Map<string, Wrapper>();
  for (const m of code.matchAll(declared)) {
    const open = m.index + m[0].length - 1;
    const close = braces.get(open);
    if (close === undefined || code[close + 1] !== ")") continue;
    const start = code.indexOf("(", m.index + m[1]!.length + 1) + 1;
    wrappers.set(m[1]!, { name: m[1]!, start, open, close });
  }
  return wrappers;
}

/** Wrappers called as `name()` in [from, to) outside nested braces and dynamic-import thunks. */
function callsAtTop(code: string, braces: Map<number, number>, from: number, to: number, names: Set<string>): Set<string> {
  const found = new Set<string>();
  const call = /(?<![\w$.])([\w$]+)\(\)/g;
  call.lastIndex = from;
  let depthEnd = -1;
  const nested: [number, number][] = [];
  for (let i = from; i < to; i++) {
    const close = code[i] === "{" ? braces.get(i) : undefined;
    if (close !== undefined && i > depthEnd) {
      nested.push([i, close]);
      depthEnd = close;
    }
  }
  let k = 0;
  for (let m = call.exec(code); m !== null && m.index < to; m = call.exec(code)) {
    while (k < nested.length && nested[k]![1] < m.index) k++;
    if (k < nested.length && nested[k]![0] < m.index) {
      call.lastIndex = nested[k]![1];
      continue;
    }
    if (names.has(m[1]!) && !DYNAMIC_IMPORT_BEFORE.test(code.slice(Math.max(from, m.index - 300), m.index))) found.add(m[1]!);
  }
  return found;
}

function parses(code: string): boolean {
  try {
    transformSync(code, { loader: "js", format: "esm", logLevel: "silent" });
    return true;
  } catch {
    return false;
  }
}

function lineColumn(code: string, at: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = code.indexOf("\n"); i !== -1 && i < at; i = code.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart };
}
