// Where the CLI writes inside the user's project: everything under `.tslambda/` (one directory
// to ignore in git), builds in `.tslambda/build/<name>/` as AWS lays a function out (the runtime
// at the top, /var/task in `task/`), zips beside them, `dev`'s rebuilds in `.tslambda/dev/`.
import { join } from "node:path";
import type { Architecture } from "../config.ts";
import type { Project } from "../project.ts";

export const OUTPUT_DIR = ".tslambda";

export function buildDir(project: Project, name: string): string {
  return join(project.root, OUTPUT_DIR, "build", name);
}

export function zipFile(project: Project, name: string, arch: Architecture): string {
  return join(project.root, OUTPUT_DIR, "build", `${name}-${arch}.zip`);
}

export function devDir(project: Project): string {
  return join(project.root, OUTPUT_DIR, "dev");
}

/** Node.js binaries for zips, fetched once per version and architecture. */
export function cacheDir(project: Project): string {
  return join(project.root, OUTPUT_DIR, "cache");
}
