// Reads a JavaScript text (esbuild's output) just enough for edits that need a block's extent or
// the names the code uses, without a full parser: it skips strings, template literals, comments
// and regular expressions. A `/` is a regular expression where an expression may start (after an operator, `(` or
// `{`, a keyword such as `return`, or the `)` of `if (…)`, `while (…)`, `for (…)`); after a value
// it divides. The caller checks its edits with a real parser (esbuild), so a misreading is caught.

const REGEX_AFTER_WORD = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await"]);
const CONTROL_WORDS = new Set(["if", "while", "for", "with"]);
const isWordChar = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 36 || code === 95 || code >= 128;

/** The position of each `{` mapped to its `}` (a template's `${` included). Throws on text it cannot follow. */
export function matchBraces(src: string): Map<number, number> {
  return scan(src);
}

/**
 * Which of `names` the code uses as variables: outside strings, comments and regular expressions,
 * not as a property (`a.name`) nor an object key (`{name: …}`). Throws on text it cannot follow.
 */
export function namesUsed(src: string, names: readonly string[]): Set<string> {
  const wanted = new Set(names);
  const used = new Set<string>();
  scan(src, (word, start, end) => {
    if (!wanted.has(word)) return;
    const before = previousChar(src, start);
    const property = before === "." && src.slice(start - 3, start) !== "...";
    const key = (before === "{" || before === ",") && nextChar(src, end) === ":";
    if (!property && !key) used.add(word);
  });
  return used;
}

function previousChar(src: string, at: number): string {
  let i = at - 1;
  while (i >= 0 && /\s/.test(src[i]!)) i--;
  return src[i] ?? "";
}

function nextChar(src: string, at: number): string {
  let i = at;
  while (i < src.length && /\s/.test(src[i]!)) i++;
  return src[i] ?? "";
}

function scan(src: string, onWord?: (word: string, start: number, end: number) => void): Map<number, number> {
  const match = new Map<number, number>();
  const braces: { pos: number; template: boolean }[] = [];
  const parens: boolean[] = []; // whether each open `(` follows if/while/for/with
  let regexOk = true;
  let lastWord = "";
  let i = 0;
  const n = src.length;

  /** From inside a template literal to its end, or into a `${` (then back through the `}`). */
  const template = (): void => {
    for (; i < n; i++) {
      const c = src[i];
      if (c === "\\") i++;
      else if (c === "`") {
        i++;
        regexOk = false;
        return;
      } else if (c === "$" && src[i + 1] === "{") {
        braces.push({ pos: i + 1, template: true });
        i += 2;
        regexOk = true;
        return;
      }
    }
    throw new Error("unterminated template literal");
  };

  while (i < n) {
    const c = src[i]!;
    const code = src.charCodeAt(i);
    if (c === " " || c === "\n" || c === "\t" || c === "\r") {
      i++;
    } else if (c === "/" && src[i + 1] === "/") {
      while (i < n && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2);
      if (end < 0) throw new Error("unterminated comment");
      i = end + 2;
    } else if (c === "'" || c === '"') {
      for (i++; i < n && src[i] !== c; i++) {
        if (src[i] === "\\") i++;
        else if (src[i] === "\n") throw new Error(`line break in a string at ${i}`);
      }
      if (i >= n) throw new Error("unterminated string");
      i++;
      regexOk = false;
      lastWord = "";
    } else if (c === "`") {
      i++;
      template();
      lastWord = "";
    } else if (c === "/" && regexOk) {
      let inClass = false;
      for (i++; i < n; i++) {
        const d = src[i];
        if (d === "\\") i++;
        else if (d === "\n") throw new Error(`line break in a regular expression at ${i}`);
        else if (inClass) inClass = d !== "]";
        else if (d === "[") inClass = true;
        else if (d === "/") break;
      }
      if (i >= n) throw new Error("unterminated regular expression");
      for (i++; i < n && isWordChar(src.charCodeAt(i)); i++); // flags
      regexOk = false;
      lastWord = "";
    } else if (isWordChar(code) || (c === "." && isWordChar(src.charCodeAt(i + 1)) && src.charCodeAt(i + 1) < 58)) {
      const start = i;
      for (i++; i < n && isWordChar(src.charCodeAt(i)); i++);
      lastWord = src.slice(start, i);
      regexOk = REGEX_AFTER_WORD.has(lastWord);
      onWord?.(lastWord, start, i);
    } else if (c === "{") {
      braces.push({ pos: i++, template: false });
      regexOk = true;
      lastWord = "";
    } else if (c === "}") {
      const open = braces.pop();
      if (open === undefined) throw new Error(`unbalanced } at ${i}`);
      match.set(open.pos, i++);
      lastWord = "";
      if (open.template) template();
      else regexOk = true;
    } else if (c === "(") {
      parens.push(CONTROL_WORDS.has(lastWord));
      i++;
      regexOk = true;
      lastWord = "";
    } else if (c === ")") {
      regexOk = parens.pop() === true;
      i++;
      lastWord = "";
    } else if (c === "]") {
      i++;
      regexOk = false;
      lastWord = "";
    } else if ((c === "+" || c === "-") && src[i + 1] === c) {
      i += 2; // ++/--: what follows keeps the reading it had
      lastWord = "";
    } else {
      i++;
      regexOk = true;
      lastWord = "";
    }
  }
  if (braces.length > 0) throw new Error("unbalanced {");
  return match;
}
