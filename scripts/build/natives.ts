// Packages that cannot be bundled: those shipping compiled addons (`.node` files, binding.gyp) or
// choosing a platform-specific package at run time (sharp → @img/sharp-linux-arm64), and every
// dependency of the function that reaches one of them. They go to /var/task/node_modules instead.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { exists } from "./common.ts";

interface PackageJson {
  name?: string;
  version?: string;
  os?: unknown;
  cpu?: unknown;
  gypfile?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface NativePackage {
  /** A dependency of the function, installed as a whole for the target platform. */
  name: string;
  version: string;
  /** The package in its tree that made it native. */
  because: string;
}

/** Dependencies of the function (in its installed node_modules) that must stay unbundled. */
export async function findNativePackages(functionDir: string, dependencies: string[]): Promise<NativePackage[]> {
  const modules = join(functionDir, "node_modules");
  if (!(await exists(modules))) return [];
  const verdicts = new Map<string, Promise<string | undefined>>();
  const nativeIn = (name: string, seen: Set<string>): Promise<string | undefined> => {
    if (seen.has(name)) return Promise.resolve(undefined);
    seen.add(name);
    let verdict = verdicts.get(name);
    if (verdict === undefined) {
      verdict = (async () => {
        const dir = join(modules, name);
        const pkg = await readPackage(dir);
        if (pkg === undefined) return undefined;
        if (pkg.os !== undefined || pkg.cpu !== undefined || pkg.gypfile === true || (await hasAddon(dir))) return name;
        for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
          const found = await nativeIn(dep, seen);
          if (found !== undefined) return found;
        }
        return undefined;
      })();
      verdicts.set(name, verdict);
    }
    return verdict;
  };
  const natives: NativePackage[] = [];
  for (const name of dependencies) {
    const because = await nativeIn(name, new Set());
    const pkg = await readPackage(join(modules, name));
    if (because !== undefined && pkg?.version !== undefined) natives.push({ name, version: pkg.version, because });
  }
  return natives;
}

async function readPackage(dir: string): Promise<PackageJson | undefined> {
  const text = await readFile(join(dir, "package.json"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as PackageJson);
}

/** A compiled addon or a node-gyp build file anywhere in the package (its own node_modules aside). */
async function hasAddon(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.some((e) => e.isFile() && (e.name.endsWith(".node") || e.name === "binding.gyp") && !e.parentPath.slice(dir.length).includes("node_modules"));
}
