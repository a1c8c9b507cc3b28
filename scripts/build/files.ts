// The function's files beside its bundle: everything in its directory that is not bundled
// source, build input or test, as it would sit in /var/task; or only what tslambda.include names.
import { cp, mkdir, readdir } from "node:fs/promises";
import { dirname, join, matchesGlob, relative, sep } from "node:path";

/** Never shipped (besides the bundle's own inputs). Directory names match at any depth. */
const SKIPPED_DIRS = new Set(["node_modules", "__tests__"]);
const SKIPPED_FILES = [
  /\.(test|spec)\.[^.]+$/, // tests
  /\.d\.[cm]?ts$/, // type declarations
  /\.[cm]?tsx?$/, // TypeScript sources: bundled, or not runnable as they are
  /^tsconfig.*\.json$/,
  /^(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$/,
  /^\./, // dot files: .env, .npmrc, .gitignore, editor settings
];

/** Copies the eligible files of `functionDir` into `taskDir`; returns their relative paths. */
export async function copyFunctionFiles(functionDir: string, taskDir: string, bundled: ReadonlySet<string>, include: string[] | undefined): Promise<string[]> {
  const copied: string[] = [];
  for (const file of await walk(functionDir, functionDir)) {
    if (bundled.has(join(functionDir, file))) continue;
    if (include !== undefined ? !include.some((glob) => matchesGlob(file, glob)) : skipped(file)) continue;
    await mkdir(dirname(join(taskDir, file)), { recursive: true });
    await cp(join(functionDir, file), join(taskDir, file));
    copied.push(file);
  }
  return copied;
}

function skipped(file: string): boolean {
  const name = file.slice(file.lastIndexOf(sep) + 1);
  return SKIPPED_FILES.some((pattern) => pattern.test(name));
}

async function walk(base: string, dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // extensions/ at the top holds the function's own extensions, built on their own.
      const ownExtensions = dir === base && entry.name === "extensions";
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".") && !ownExtensions) files.push(...(await walk(base, path)));
    } else if (entry.isFile()) {
      files.push(relative(base, path));
    }
  }
  return files.sort();
}
