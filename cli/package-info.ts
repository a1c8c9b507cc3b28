// This package's own package.json, found by walking up from this file: the same code runs as
// cli/*.ts from a clone and as lib/cli/*.js from node_modules.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface PackageInfo {
  name: string;
  version: string;
  /** The directory holding package.json (the repository, or node_modules/tslambda). */
  root: string;
  /** The ranges this package develops and tests with, for the starter project. */
  devDependencies: Record<string, string>;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (cached !== undefined) return cached;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown; devDependencies?: Record<string, string> };
      if (pkg.name === "tslambda" && typeof pkg.version === "string") {
        return (cached = { name: pkg.name, version: pkg.version, root: dir, devDependencies: pkg.devDependencies ?? {} });
      }
    } catch {
      // no package.json here; go up
    }
    if (dirname(dir) === dir) throw new Error("cannot find tslambda's package.json above " + fileURLToPath(import.meta.url));
  }
}
