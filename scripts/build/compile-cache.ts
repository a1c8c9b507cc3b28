// A compile cache for a built function: V8's code for its task module (and what that module
// imports statically), made by the Node.js that will run it, at the paths it will run from, and
// shipped read-only in `compile-cache/` beside the bootstrap, which links it in (runtime/compile-cache.ts).
// Parsing and compiling a large bundle (an AWS SDK client) is most of its cold init.
//
// The module graph is compiled without running any of it: a first import flushes the cache and
// exits before the others evaluate, so no user code runs at build time (Node.js compiles the whole
// static graph before it evaluates any of it). A CommonJS task module is compiled only when it runs,
// so it gets no cache (and costs nothing).
//
// Node.js only: the image build runs this file alone, with the target architecture's Node.js
// (under emulation for arm64 on amd64), where the build's own packages are not installed.
//   node compile-cache.ts --runtime /var/runtime --task /var/task --record function.json --out /out/compile-cache
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export interface CompileCacheJob {
  /** The directory of the runtime's `bootstrap` (what `tslambda` imports resolve to). */
  runtimeDir: string;
  /** The task directory (/var/task). */
  taskDir: string;
  /** The task module, relative to the task directory (function.json's `module`). */
  module: string;
  /** Where the cache goes; `compile-cache/` beside the bootstrap is where the runtime looks. */
  outDir: string;
  /** The Node.js to make it with: the one that will run the function. */
  node?: string | undefined;
}

/** No cache is no failure: the function runs the same, only its cold init is longer. */
export type CompileCacheResult = { made: true; bytes: number } | { made: false; failed: boolean; reason: string };

/**
 * Below this the task module compiles about as fast as its cache would load (the echo demo's,
 * 140 bytes, measured no different), and making a cache under arm64 emulation takes minutes.
 */
export const MIN_MODULE_BYTES = 64 * 1024;

/** Node.js names its cache directory `v<version>-<arch>-<V8 tag>-<uid>`; the uid is dropped (runtime/compile-cache.ts). */
const UID_SUFFIX = /-\d+$/;

export function writeCompileCache(job: CompileCacheJob): CompileCacheResult {
  if (!job.module.endsWith(".mjs")) return { made: false, failed: false, reason: `${job.module} is CommonJS, compiled only as it runs` };
  const size = statSync(resolve(job.taskDir, job.module)).size;
  if (size < MIN_MODULE_BYTES) return { made: false, failed: false, reason: `${job.module} is small (${size} bytes)` };
  const bootstrap = pathToFileURL(resolve(job.runtimeDir, "bootstrap")).href;
  const task = pathToFileURL(resolve(job.taskDir, job.module)).href;
  const scratch = mkdtempSync(join(tmpdir(), "tslambda-compile-cache-"));
  try {
    // The runtime's own resolve hook, for `import … from "tslambda"` in the task module.
    const hook = `const own=${JSON.stringify(bootstrap)};process.getBuiltinModule("node:module").registerHooks({resolve(s,c,n){return s==="tslambda"||s==="tslambda/extension"?{url:own,shortCircuit:true}:n(s,c)}});`;
    const flush = `process.getBuiltinModule("node:module").flushCompileCache();process.exit(0);`;
    const entry = `import ${JSON.stringify(dataUrl(flush))};import ${JSON.stringify(task)};`;
    const run = spawnSync(job.node ?? process.execPath, ["--import", dataUrl(hook), "--input-type=module", "-e", entry], {
      cwd: job.taskDir,
      env: { PATH: process.env["PATH"] ?? "", NODE_COMPILE_CACHE: scratch, LAMBDA_TASK_ROOT: job.taskDir },
      encoding: "utf8",
    });
    if (run.status !== 0) return { made: false, failed: true, reason: `compiling ${job.module} failed: ${(run.stderr || run.error?.message || "").trim().split("\n")[0]}` };
    const made = readdirSync(scratch).filter((name) => UID_SUFFIX.test(name));
    if (made.length !== 1) return { made: false, failed: true, reason: `Node.js wrote no compile cache (${made.join(", ") || "nothing"})` };
    const target = join(job.outDir, made[0]!.replace(UID_SUFFIX, ""));
    rmSync(job.outDir, { recursive: true, force: true });
    mkdirSync(job.outDir, { recursive: true });
    cpSync(join(scratch, made[0]!), target, { recursive: true });
    // Read-only for whoever runs the function (Lambda's user is not the builder's).
    let bytes = 0;
    chmodSync(job.outDir, 0o755);
    chmodSync(target, 0o755);
    for (const name of readdirSync(target)) {
      chmodSync(join(target, name), 0o644);
      bytes += statSync(join(target, name)).size;
    }
    return { made: true, bytes };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function dataUrl(code: string): string {
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

function main(): void {
  const { values } = parseArgs({ options: { runtime: { type: "string" }, task: { type: "string" }, record: { type: "string" }, out: { type: "string" } } });
  if (!values.runtime || !values.task || !values.record || !values.out) throw new Error("usage: compile-cache.ts --runtime DIR --task DIR --record function.json --out DIR");
  // The build's record of the function (scripts/build.ts FunctionRecord): its module's path in the task.
  const { module } = JSON.parse(readFileSync(values.record, "utf8")) as { module: string };
  if (!existsSync(join(values.task, module))) throw new Error(`no ${module} in ${values.task}`);
  const result = writeCompileCache({ runtimeDir: values.runtime, taskDir: values.task, module, outDir: values.out });
  // The directory above the cache exists either way, for the image build to copy.
  if (!result.made) mkdirSync(dirname(resolve(values.out)), { recursive: true });
  console.log(result.made ? `compile cache: ${result.bytes} bytes in ${values.out}` : `no compile cache: ${result.reason}`);
}

if (process.argv[1] !== undefined && import.meta.filename === resolve(process.argv[1])) main();
