// Builds functions as AWS's images lay them out: the runtime (`bootstrap`, the same files for
// every function) in one directory, the function's own code and files in `task/` (/var/task).
//   node scripts/build.ts                     all demos and test fixtures, into dist/<group>/<name>/
//   node scripts/build.ts --function DIR [--handler src/app.handler] [--out DIR] [--shebang PATH]
//        [--transport node-http|undici] [--arch x64|arm64] [--no-runtime] [--no-install]
//   node scripts/build.ts --runtime DIR [--shebang PATH]        the runtime alone (/var/runtime)
//   node scripts/build.ts --install DIR --arch x64|arm64        a built function's externals, for that arch
//   node scripts/build.ts --extensions DIR --out DIR            a function's extensions alone
//   node scripts/build.ts --runtime-layer DIR                   the runtime layer (/opt)
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { exists, root, subdirs } from "./build/common.ts";
import { writeCompileCache } from "./build/compile-cache.ts";
import { buildExtensions } from "./build/extensions.ts";
import { buildTask, DEFAULT_HANDLER } from "./build/function.ts";
import { installForTarget, type PackageSpec, type TargetArch } from "./build/install.ts";
import { buildRuntime } from "./build/runtime.ts";
import { buildRuntimeLayer } from "./build/runtime-layer.ts";

export { buildRuntime, emulatorBundle } from "./build/runtime.ts";
export { buildRuntimeLayer } from "./build/runtime-layer.ts";
export { installForTarget, type TargetArch } from "./build/install.ts";

export interface FunctionBuild {
  /** The function's directory. */
  functionDir: string;
  /** Gets the runtime, `function.json`, `extensions/` and `task/`. */
  outDir: string;
  /** Lambda's handler spec; default: _HANDLER from this process's environment, else index.handler. */
  handler?: string | undefined;
  /** First line of the bootstrap, e.g. "/var/lang/bin/node" for an executable bootstrap. */
  shebang?: string | undefined;
  /** Runtime API client: node:http (default) or undici, for the benchmark. */
  transport?: "loopback" | "node-http" | "undici" | undefined;
  /** Interpreter line of external extensions (default: the Node.js running this build). */
  extensionShebang?: string | undefined;
  /** Architecture to install native packages for (default: this machine's). */
  arch?: TargetArch | undefined;
  /** Leave the runtime out (the image takes it from its own stage). */
  runtime?: boolean | undefined;
  /** Leave node_modules for later (`--install`, per architecture). */
  install?: boolean | undefined;
  /** Where the build's decisions go (default: console.log). */
  say?: ((line: string) => void) | undefined;
  /** More packages to leave out of the bundle (the project config's `externals`). */
  external?: string[] | undefined;
  /** Globs of the files to ship (the project config's `include`). */
  include?: string[] | undefined;
  /**
   * Ship a compile cache for this machine's Node.js beside the runtime (default: when the build
   * has the runtime and its packages installed for this machine). Images and zips make theirs
   * with the target's Node.js at the paths Lambda runs them from.
   */
  compileCache?: boolean | undefined;
}

export interface BuiltFunction {
  /** The runtime and the task, in bytes. */
  bootstrapBytes: number;
  /** The handler's bundle alone. */
  taskBytes: number;
  /** The source files the bundle was made from. */
  inputs: string[];
}

/** What the build records beside the task for local runs and later steps. */
export interface FunctionRecord {
  handler: string;
  module: string;
  externals: PackageSpec[];
}

export async function buildFunction(job: FunctionBuild): Promise<BuiltFunction> {
  const outDir = resolve(job.outDir);
  const handler = job.handler || process.env["_HANDLER"] || DEFAULT_HANDLER;
  await rm(outDir, { recursive: true, force: true });
  const runtime = job.runtime === false ? { bytes: 0 } : await buildRuntime({ outDir, shebang: job.shebang, transport: job.transport });
  const task = await buildTask({ functionDir: job.functionDir, taskDir: join(outDir, "task"), handler, say: job.say, external: job.external, include: job.include });
  const record: FunctionRecord = { handler, module: task.module, externals: task.externals };
  await writeFile(join(outDir, "function.json"), `${JSON.stringify(record)}\n`);
  if (job.install !== false) await installForTarget(join(outDir, "task"), task.externals, job.arch ?? hostArch());
  await buildExtensions(resolve(job.functionDir), outDir, job.extensionShebang ?? process.execPath);
  // Made by this machine's Node.js, so only for this machine's architecture.
  if (job.compileCache ?? (job.runtime !== false && job.install !== false && (job.arch ?? hostArch()) === hostArch())) {
    const cache = writeCompileCache({ runtimeDir: outDir, taskDir: join(outDir, "task"), module: task.module, outDir: join(outDir, "compile-cache") });
    if (!cache.made && cache.failed) (job.say ?? console.log)(`no compile cache: ${cache.reason}`);
  }
  return { bootstrapBytes: runtime.bytes + task.bytes, taskBytes: task.bytes, inputs: task.inputs };
}

export function hostArch(): TargetArch {
  if (process.arch !== "x64" && process.arch !== "arm64") throw new Error(`Lambda runs x64 and arm64, not ${process.arch}`);
  return process.arch;
}

function targetArch(value: string | undefined): TargetArch {
  // Docker's names (TARGETARCH) and Node's.
  if (value === "amd64" || value === "x64") return "x64";
  if (value === "arm64") return "arm64";
  return hostArch();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      function: { type: "string" },
      handler: { type: "string" },
      out: { type: "string" },
      shebang: { type: "string" },
      "extension-shebang": { type: "string" },
      arch: { type: "string" },
      "no-runtime": { type: "boolean" },
      "no-install": { type: "boolean" },
      runtime: { type: "string" },
      install: { type: "string" },
      extensions: { type: "string" },
      "runtime-layer": { type: "string" },
      transport: { type: "string" },
    },
  });
  const transport = values.transport === "undici" || values.transport === "node-http" ? values.transport : "loopback";
  if (values["runtime-layer"]) {
    await buildRuntimeLayer(resolve(values["runtime-layer"]));
    console.log(`${values["runtime-layer"]}: runtime layer`);
    return;
  }
  if (values.runtime) {
    const { bytes } = await buildRuntime({ outDir: resolve(values.runtime), shebang: values.shebang, transport });
    console.log(`${values.runtime}: runtime, ${bytes} bytes`);
    return;
  }
  if (values.install) {
    const record = JSON.parse(await readFile(join(values.install, "function.json"), "utf8")) as FunctionRecord;
    const arch = targetArch(values.arch);
    await installForTarget(join(values.install, "task"), record.externals, arch);
    for (const p of record.externals) console.log(`installed ${p.name}@${p.version} for linux-${arch}`);
    return;
  }
  if (values.extensions) {
    const outDir = resolve(values.out ?? ".");
    await mkdir(outDir, { recursive: true });
    await buildExtensions(resolve(values.extensions), outDir, values["extension-shebang"] ?? process.execPath);
    return;
  }
  if (values.function) {
    const outDir = resolve(values.out ?? join(root, "dist", "functions", basename(values.function)));
    const built = await buildFunction({
      functionDir: values.function,
      outDir,
      handler: values.handler,
      shebang: values.shebang,
      transport,
      extensionShebang: values["extension-shebang"],
      arch: targetArch(values.arch),
      runtime: !values["no-runtime"],
      install: !values["no-install"],
    });
    console.log(`${outDir}\truntime + task ${built.bootstrapBytes} bytes (task ${built.taskBytes})`);
    return;
  }
  // Every demo and fixture. A fixture whose handler is not index.handler names it in the
  // `HANDLER` file of its directory (test data only; users pass --handler).
  const groups = { demos: join(root, "demos"), fixtures: join(root, "test", "fixtures", "functions") };
  for (const [group, dir] of Object.entries(groups)) {
    for (const functionDir of await subdirs(dir)) {
      const outDir = join(root, "dist", group, basename(functionDir));
      const handlerFile = join(functionDir, "HANDLER");
      const handler = (await exists(handlerFile)) ? (await readFile(handlerFile, "utf8")).trim() : undefined;
      const built = await buildFunction({ functionDir, outDir, handler, shebang: values.shebang, transport });
      console.log(`dist/${group}/${basename(functionDir)}\t${built.bootstrapBytes} bytes (task ${built.taskBytes})`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
