// What `tslambda image` hands the image build as a function's `function` context: a staged copy
// of the function's own files plus the production packages it depends on, as the project has them
// installed, not the function's directory itself. A function at the project root would otherwise
// carry node_modules (dev tools, host binaries), .tslambda/ and .git into the build, and an `npm ci`
// inside the build cannot fetch what only this machine has: a file: or workspace dependency, a
// private registry's credentials, tslambda itself installed from a tarball. The installed packages
// are also the very versions `tslambda build` and `dev` bundled with. The config's externals and
// include go into the staged package.json, where the image build reads them.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { OUTPUT_DIR } from "../build/output-dirs.ts";
import { CommandFailed } from "../errors.ts";
import type { LambdaFunction, Project } from "../project.ts";

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** A package found on disk and where it goes in the staged context. */
interface Placed {
  name: string;
  from: string;
  to: string;
}

/** The runtime is never a package of the function: the build resolves `tslambda` to the runtime it ships. */
const NEVER_SHIPPED = new Set(["tslambda"]);

export function contextDir(project: Project, fn: LambdaFunction): string {
  return join(project.root, OUTPUT_DIR, "image", fn.name, "context");
}

/** Stages `fn`'s context afresh and returns its directory. */
export async function stageContext(project: Project, fn: LambdaFunction): Promise<string> {
  const stage = contextDir(project, fn);
  await rm(stage, { recursive: true, force: true });
  await mkdir(stage, { recursive: true });
  // The function's files: everything but installed packages and dot entries (.git, .tslambda, .env).
  // Entry by entry: the stage may lie inside the function's directory (one at the project root).
  const shipped = (src: string) => !relative(fn.dir, src).split(sep).some((part) => part === "node_modules" || part.startsWith("."));
  for (const entry of await readdir(fn.dir)) {
    if (shipped(join(fn.dir, entry))) await cp(join(fn.dir, entry), join(stage, entry), { recursive: true, filter: shipped });
  }
  await carryConfig(stage, fn);
  for (const pkg of await productionPackages(fn.dir, project.root)) {
    // A package's own node_modules/ holds other packages, placed on their own (or left out: dev ones).
    const nested = join(pkg.from, "node_modules");
    await cp(pkg.from, join(stage, pkg.to), { recursive: true, dereference: true, filter: (src) => src !== nested });
  }
  return stage;
}

/**
 * The project config's `externals` and `include` reach the image build as a function directory
 * declares them, in its package.json's "tslambda" field: the config's include replaces the
 * field's, externals add up, as in `tslambda build`.
 */
async function carryConfig(stage: string, fn: LambdaFunction): Promise<void> {
  if (fn.externals.length === 0 && fn.include.length === 0) return;
  const file = join(stage, "package.json");
  const pkg = await readFile(file, "utf8").then((text) => JSON.parse(text) as Record<string, unknown>, () => ({ private: true }) as Record<string, unknown>);
  const own = (pkg["tslambda"] ?? {}) as { include?: string[]; external?: string[] };
  pkg["tslambda"] = {
    ...own,
    ...(fn.include.length > 0 ? { include: fn.include } : {}),
    ...(fn.externals.length > 0 ? { external: [...new Set([...(own.external ?? []), ...fn.externals])] } : {}),
  };
  await writeFile(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

/**
 * The installed packages `dir` needs at run time: the dependencies (and optional ones) declared by
 * the nearest package.json at or above `dir` within the project, and theirs, found as Node.js
 * resolves them. Each goes to the same path under the context that it has under that package.json's
 * directory; one found higher up (hoisted in a workspace) goes to the context's node_modules/.
 */
export async function productionPackages(dir: string, projectRoot: string): Promise<Placed[]> {
  const owner = await nearestManifestDir(dir, projectRoot);
  if (owner === undefined) return [];
  const placed = new Map<string, Placed>();
  const pending: { name: string; from: string; required: boolean; by: string }[] = [];
  const queue = (manifest: Manifest, from: string, by: string, top: boolean) => {
    for (const name of Object.keys(manifest.dependencies ?? {})) pending.push({ name, from, required: top, by });
    for (const name of Object.keys({ ...manifest.optionalDependencies, ...manifest.peerDependencies })) pending.push({ name, from, required: false, by });
  };
  queue(await readManifest(join(owner, "package.json")), owner, join(owner, "package.json"), true);
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    if (NEVER_SHIPPED.has(next.name)) continue;
    const found = await resolvePackage(next.name, next.from);
    if (found === undefined) {
      // Dependencies of packages may be missing by design (another platform's optional binary).
      if (next.required) throw new CommandFailed(`${next.by} depends on ${next.name}, which is not installed: run npm install first`);
      continue;
    }
    if (placed.has(found)) continue;
    const inside = !relative(owner, found).startsWith("..");
    placed.set(found, { name: next.name, from: found, to: inside ? relative(owner, found) : join("node_modules", next.name) });
    queue(await readManifest(join(found, "package.json")), found, join(found, "package.json"), false);
  }
  return [...placed.values()].sort((a, b) => a.to.localeCompare(b.to));
}

async function nearestManifestDir(dir: string, projectRoot: string): Promise<string | undefined> {
  for (let at = dir; ; at = dirname(at)) {
    if (await isFile(join(at, "package.json"))) return at;
    if (at === projectRoot || dirname(at) === at) return undefined;
  }
}

/** Node.js's lookup: `<dir>/node_modules/<name>` from `from` upwards. */
async function resolvePackage(name: string, from: string): Promise<string | undefined> {
  for (let at = from; ; at = dirname(at)) {
    // Inside a node_modules directory, its own node_modules/<name> would be a double path.
    if (!at.endsWith(`${sep}node_modules`)) {
      const candidate = join(at, "node_modules", name);
      if (await isFile(join(candidate, "package.json"))) return candidate;
    }
    if (dirname(at) === at) return undefined;
  }
}

async function readManifest(file: string): Promise<Manifest> {
  return JSON.parse(await readFile(file, "utf8")) as Manifest;
}

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);
