// The build makes the module wrappers a bundle runs at load eager (scripts/build/eager-init.ts), so
// their code lands in the compile cache; the function must behave exactly as before, and its
// source map must still point at the right places.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { fileTree } from "../helpers/file-tree.ts";
import { matchBraces, namesUsed } from "../../scripts/build/js-scan.ts";
import { buildTask } from "../../scripts/build/function.ts";

const tree = (files: Record<string, string>) => fileTree(files, "eager-");

// `shared.js` is imported statically and by the dynamically imported `later.js`, so esbuild wraps
// both in lazy initialisers; `legacy.cjs` is CommonJS (its own wrapper). Their text holds braces,
// parentheses and slashes inside strings, templates and regular expressions.
const FUNCTION = {
  "index.ts": `import { shared, kind } from "./shared.js";
import legacy from "./legacy.cjs";
export const handler = async () => {
  const later = await import("./later.js");
  return { shared, kind, legacy: legacy.value, later: later.later(), self: typeof this };
};`,
  "shared.js": `export const shared = ["})", "{", \`\${"}"}}\`, /}\\)/.source, 10 / 2 / 5].join("|");
export const kind = (function () { return typeof this; })();`,
  "later.js": `import { shared } from "./shared.js";
export function later() { return "later:" + shared.length; }
export function fail() { throw new Error("failed in later"); }`,
  "legacy.cjs": `exports.value = typeof this + ":" + [1, 2].map(function () { return arguments.length; }).join(",");`,
};

describe("eager module initialisers", () => {
  it("wraps the initialisers the bundle runs at load in parentheses, not those only a dynamic import runs", async () => {
    const dir = tree(FUNCTION);
    const taskDir = join(dir, "out");
    await buildTask({ functionDir: dir, taskDir, handler: "index.handler", say: () => {} });
    const code = readFileSync(join(taskDir, "index.mjs"), "utf8");
    const eager = code.match(/=[\w$]+\(\(function\(/g) ?? [];
    const lazy = code.match(/=[\w$]+\((?:\([\w$,]*\)|[\w$]+)=>\{/g) ?? [];
    expect(eager.length).toBe(1); // shared.js (legacy.cjs mentions `arguments`: left as it was)
    expect(lazy.length).toBe(2); // later.js, legacy.cjs
  });

  it("leaves the function's behaviour as it was", async () => {
    const dir = tree(FUNCTION);
    const taskDir = join(dir, "out");
    await buildTask({ functionDir: dir, taskDir, handler: "index.handler", say: () => {} });
    const { handler } = (await import(pathToFileURL(join(taskDir, "index.mjs")).href)) as { handler: () => Promise<unknown> };
    expect(await handler()).toEqual({ shared: '})|{|}}|}\\)|1', kind: "undefined", legacy: "object:3,3", later: "later:13", self: "undefined" });
  });

  it("keeps the source map pointing at the original code", async () => {
    const dir = tree(FUNCTION);
    const taskDir = join(dir, "out");
    await buildTask({ functionDir: dir, taskDir, handler: "index.handler", say: () => {} });
    const code = readFileSync(join(taskDir, "index.mjs"), "utf8");
    const map = new SourceMap(JSON.parse(readFileSync(join(taskDir, "index.mjs.map"), "utf8")));
    const lines = code.split("\n");
    // `"later:"` sits after the rewritten wrapper of shared.js on the same line or a later one.
    const line = lines.findIndex((l) => l.includes('"later:"'));
    const entry = map.findEntry(line, lines[line]!.indexOf('"later:"'));
    expect(entry).toMatchObject({ originalSource: expect.stringMatching(/later\.js$/), originalLine: 1 });
    const failing = lines.findIndex((l) => l.includes('"failed in later"'));
    expect(map.findEntry(failing, lines[failing]!.indexOf("new Error"))).toMatchObject({ originalSource: expect.stringMatching(/later\.js$/), originalLine: 2 });
  });
});

describe("reading esbuild's output", () => {
  it("finds the names code uses, not those in strings, comments, templates' text, properties or keys", () => {
    const src = 'a("require(x)");/* __dirname */b.require;c={require:1,__filename};`__dirname ${__dirname}`;';
    expect(namesUsed(src, ["require", "__dirname", "__filename"])).toEqual(new Set(["__filename", "__dirname"]));
    expect(namesUsed("x=typeof require<'u'?require:null;f(...require)", ["require"])).toEqual(new Set(["require"]));
  });

  it("matches braces, skipping strings, templates, comments and regular expressions", () => {
    const src = 'a={b:"}",c:`${{d:1}}}`,e:/}[}]/g,f:x/2/3};/*}*/if(x)/}/.test(y);';
    const braces = matchBraces(src);
    expect(braces.get(2)).toBe(src.lastIndexOf("};"));
    expect(braces.get(src.indexOf("{d"))).toBe(src.indexOf("}}}"));
  });
});
