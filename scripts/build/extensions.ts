// External extensions: each `extensions/<name>/` of a function directory becomes one executable
// file, `<out>/extensions/<name>` (Lambda starts every file in /opt/extensions). ESM without a
// package.json beside it (Lambda would start that file too): Node.js 24 recognises the module
// syntax of an extensionless file on its own. An extension is its own process, so it carries
// its own copy of the runtime.
import { build } from "esbuild";
import { chmod } from "node:fs/promises";
import { basename, join } from "node:path";
import { common, firstExisting, REQUIRE_SHIM, runtimeAlias, subdirs } from "./common.ts";

export async function buildExtensions(functionDir: string, outDir: string, shebang: string): Promise<string[]> {
  const built: string[] = [];
  for (const dir of await subdirs(join(functionDir, "extensions"))) {
    const entry = await firstExisting(dir, ["index.ts", "index.mts", "index.js", "index.mjs"]);
    if (entry === undefined) throw new Error(`${dir} has no index.ts, index.mts, index.js or index.mjs`);
    const outfile = join(outDir, "extensions", basename(dir));
    await build({ ...common, alias: runtimeAlias, entryPoints: [entry], outfile, banner: { js: `#!${shebang}\n${REQUIRE_SHIM}` } });
    await chmod(outfile, 0o755);
    built.push(outfile);
  }
  return built;
}
