// npm installs the build makes: the function's externals into its task's node_modules for the
// TARGET platform (npm's --os/--cpu/--libc pick the right prebuilt binaries, whatever machine
// builds), and AWS SDK packages for bundling.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type TargetArch = "x64" | "arm64";

export interface PackageSpec {
  name: string;
  version: string;
}

/** Installs `packages` (and their dependencies) into `<taskDir>/node_modules` for linux-<arch>-glibc. */
export async function installForTarget(taskDir: string, packages: PackageSpec[], arch: TargetArch): Promise<void> {
  if (packages.length === 0) return;
  const prefix = await mkdtemp(join(tmpdir(), "tslambda-install-"));
  try {
    await writeFile(join(prefix, "package.json"), '{"private":true}\n');
    npm(prefix, ["install", "--omit=dev", "--ignore-scripts", "--os=linux", `--cpu=${arch}`, "--libc=glibc", ...packages.map((p) => `${p.name}@${p.version}`)]);
    await rm(join(taskDir, "node_modules"), { recursive: true, force: true });
    await mkdir(taskDir, { recursive: true });
    await rename(join(prefix, "node_modules"), join(taskDir, "node_modules"));
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
}

/**
 * Installs `packages` into `dir/node_modules`, a cache between builds. They are saved in the
 * cache's package.json, so what one function installed is not pruned when another adds a package.
 */
export async function installInto(dir: string, packages: PackageSpec[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) await writeFile(join(dir, "package.json"), '{"private":true}\n');
  npm(dir, ["install", ...packages.map((p) => `${p.name}@${p.version}`)], true);
}

function npm(cwd: string, args: string[], save = false): void {
  execFileSync("npm", [...args, "--no-audit", "--no-fund", save ? "--save" : "--no-save", "--loglevel=error"], { cwd, stdio: ["ignore", "inherit", "inherit"] });
}
