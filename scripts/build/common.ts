// What every build step shares: paths, esbuild's base options, small file helpers.
import type { BuildOptions } from "esbuild";
import { readdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const runtimeDir = join(root, "runtime");

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
