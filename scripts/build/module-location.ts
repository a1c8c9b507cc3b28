// Bundled into one file, every module would see the bundle's location as its own. For the
// function's own modules outside the entry's directory, this plugin gives `import.meta.url`,
// `import.meta.filename` and `import.meta.dirname` (and CommonJS `__filename` / `__dirname`)
// the place the module had in the source tree, relative to the bundle: the function's files are
// shipped at the same relative paths, so `new URL("./x.txt", import.meta.url)` finds them.
import type { Loader, Plugin } from "esbuild";
import { readFile } from "node:fs/promises";
import { dirname, extname, relative, sep } from "node:path";

const LOADERS: Record<string, Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx" };
const FILE = 'process.getBuiltinModule("node:url").fileURLToPath';
const DIR = 'process.getBuiltinModule("node:path").dirname';

export function moduleLocation(functionDir: string, entry: string): Plugin {
  return {
    name: "module-location",
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const own = args.path.startsWith(functionDir + sep) && !args.path.includes(`${sep}node_modules${sep}`);
        if (!own || dirname(args.path) === dirname(entry)) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!/import\.meta\.(url|filename|dirname)|__filename|__dirname/.test(source)) return undefined;
        const url = `new URL(${JSON.stringify(relative(dirname(entry), args.path).split(sep).join("/"))},import.meta.url).href`;
        let contents = source
          .replace(/\bimport\.meta\.url\b/g, `(${url})`)
          .replace(/\bimport\.meta\.filename\b/g, `${FILE}(${url})`)
          .replace(/\bimport\.meta\.dirname\b/g, `${DIR}(${FILE}(${url}))`);
        // CommonJS names, unless the module declares its own (the usual ESM idiom does).
        if (!/\b(const|let|var|function)\s+__(filename|dirname)\b/.test(contents)) {
          contents = contents.replace(/(?<![\w$.])__filename(?![\w$])/g, `${FILE}(${url})`).replace(/(?<![\w$.])__dirname(?![\w$])/g, `${DIR}(${FILE}(${url}))`);
        }
        return { contents, loader: LOADERS[extname(args.path)] ?? "js" };
      });
    },
  };
}
