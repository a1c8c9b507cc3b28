// What every build step shares: paths, esbuild's base options, small file helpers.
import type { BuildOptions } from "esbuild";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { readdir, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own directory (the repository, or node_modules/tslambda): the first directory
 * above this file with tslambda's package.json. This file runs as scripts/build/common.ts from a
 * clone and as lib/scripts/build/common.js when installed; both bundle the TypeScript sources in
 * runtime/, which the package ships.
 */
export const root = packageRoot(dirname(fileURLToPath(import.meta.url)));
export const runtimeDir = join(root, "runtime");
/** Installed as a dependency (somewhere under node_modules/) rather than run from a clone. */
export const installed = root.split(sep).includes("node_modules");

/**
 * Where builds keep what they reuse (the emulator bundle, AWS SDK packages functions import
 * undeclared). An installed package never writes into its own directory, which may be read-only,
 * shared or pruned: it uses the project's node_modules/.cache/tslambda (the project being the
 * nearest package.json above the working directory, as babel-loader and others find theirs), or
 * the user's cache directory outside any project. A clone keeps its cache in its own node_modules.
 * TSLAMBDA_CACHE_DIR overrides both.
 */
export function cacheDir(): string {
  const override = process.env["TSLAMBDA_CACHE_DIR"];
  if (override) return resolve(override);
  if (!installed) return join(root, "node_modules", ".cache", "tslambda");
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (!dir.split(sep).includes("node_modules") && existsSync(join(dir, "package.json"))) return join(dir, "node_modules", ".cache", "tslambda");
    if (dirname(dir) === dir) break;
  }
  const xdg = process.env["XDG_CACHE_HOME"];
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", "tslambda");
  if (process.platform === "win32") return join(process.env["LOCALAPPDATA"] ?? join(homedir(), "AppData", "Local"), "tslambda", "Cache");
  return join(xdg ? xdg : join(homedir(), ".cache"), "tslambda");
}

export const common: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
};

/** The runtime's public entry points, for builds that bundle the runtime in (extensions, emulator). */
export const runtimeAlias = { tslambda: join(runtimeDir, "index.ts"), "tslambda/extension": join(runtimeDir, "extension", "index.ts") };

// Bundled CommonJS code may require Node built-ins; serve those without importing node:module.
export const REQUIRE_SHIM = "const require=(m)=>{const b=process.getBuiltinModule(m);if(b)return b;throw new Error(`cannot require ${m}`)};";

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown }).name === "tslambda") return dir;
    } catch {
      // no package.json here; go up
    }
    if (dirname(dir) === dir) throw new Error(`no tslambda package.json above ${from}`);
  }
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name)).sort();
}

/** The first of `candidates` (paths relative to `dir`) that exists. */
export async function firstExisting(dir: string, candidates: string[]): Promise<string | undefined> {
  for (const name of candidates) if (await exists(join(dir, name))) return join(dir, name);
  return undefined;
}
