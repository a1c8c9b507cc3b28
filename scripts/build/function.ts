// A function's own code for /var/task: its handler module bundled to the path _HANDLER names
// (src/app.handler → src/app.mjs, or src/app.cjs for a CommonJS module), `tslambda` left to the
// runtime, plus its files, and node_modules for what cannot be bundled.
import { build, type BuildOptions, type BuildResult, type Metafile } from "esbuild";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseHandlerSpec } from "../../runtime/handler-spec.ts";
import { awsSdkDir, awsSdkVersion, findMissingAwsSdk, sdkEsModules } from "./aws-sdk.ts";
import { common, firstExisting } from "./common.ts";
import { builtinModulesOnUse } from "./builtin-modules.ts";
import { eagerInit } from "./eager-init.ts";
import { copyFunctionFiles } from "./files.ts";
import { namesUsed } from "./js-scan.ts";
import { readFunctionConfig } from "./function-config.ts";
import { installInto, type PackageSpec } from "./install.ts";
import { moduleLocation } from "./module-location.ts";
import { findNativePackages } from "./natives.ts";

export const DEFAULT_HANDLER = "index.handler";
const SOURCE_EXTENSIONS = [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"];

// In the ESM bundle, CommonJS code gets a real require (resolving from the bundle's directory,
// so /var/task/node_modules), __filename and __dirname: declared at the top when the bundle
// uses them (createRequire is not free at init). The bundle is minified, so every declaration of
// the function's own is renamed and a remaining `require` or `__dirname` is a free reference.
const CJS_GLOBALS: Record<string, string> = {
  require: 'process.getBuiltinModule("node:module").createRequire(import.meta.url)',
  __filename: "import.meta.filename",
  __dirname: "import.meta.dirname",
};

/** The declarations an ESM bundle needs for the CommonJS names it uses freely ("" for none). */
function cjsGlobals(result: BuildResult): string {
  const text = result.outputFiles?.find((file) => !file.path.endsWith(".map"))?.text ?? "";
  const names = usedNames(text, Object.keys(CJS_GLOBALS));
  const used = Object.entries(CJS_GLOBALS).filter(([name]) => names.has(name));
  return used.length === 0 ? "" : `const ${used.map(([name, value]) => `${name}=${value}`).join(",")};`;
}

/** Names used as variables, not in strings or as keys (the SDK's messages say `require("…")`, its data has `require:` keys). */
function usedNames(text: string, names: string[]): Set<string> {
  try {
    return namesUsed(text, names);
  } catch {
    // text the scanner cannot follow: any mention counts, as declaring an unused name is harmless
    return new Set(names.filter((name) => new RegExp(`(?<![\\w$.])${name}(?![\\w$])`).test(text)));
  }
}

export interface TaskBuild {
  functionDir: string;
  /** The task directory (/var/task's content). */
  taskDir: string;
  /** Lambda's handler spec, `path/to/module.export`. */
  handler: string;
  /** Prints what the build decided (native packages, the SDK). */
  say?: ((line: string) => void) | undefined;
  /** More packages to leave out of the bundle (the project config's `externals`). */
  external?: string[] | undefined;
  /** Globs of the files to ship, instead of the function's package.json `tslambda.include`. */
  include?: string[] | undefined;
}

export interface TaskResult {
  /** The bundle, relative to the task directory. */
  module: string;
  bytes: number;
  /** Packages to install into the task's node_modules for the target platform. */
  externals: PackageSpec[];
  files: string[];
  /** Absolute paths of the source files the bundle was made from (what a watcher cares about). */
  inputs: string[];
}

export async function buildTask(job: TaskBuild): Promise<TaskResult> {
  const functionDir = resolve(job.functionDir);
  const say = job.say ?? ((line: string) => console.log(line));
  const { module } = parseHandlerSpec(job.handler);
  const entry = await firstExisting(functionDir, SOURCE_EXTENSIONS.map((ext) => module + ext));
  if (entry === undefined) throw new Error(`handler ${job.handler}: ${functionDir} has no ${module}{${SOURCE_EXTENSIONS.join(",")}}`);
  const config = await readFunctionConfig(functionDir);

  // tslambda itself is the runtime's (the bundle leaves it out), whatever its own dependencies are.
  const natives = await findNativePackages(functionDir, config.dependencies.filter((name) => name !== "tslambda"));
  for (const n of natives) say(`native: ${n.name}@${n.version} (${n.because === n.name ? "has a native addon" : `needs ${n.because}`}) → node_modules, installed for the target platform`);
  const externals: PackageSpec[] = [...natives.map(({ name, version }) => ({ name, version }))];
  const declared = [...new Set([...config.external, ...(job.external ?? [])])];
  for (const name of declared.filter((name) => !natives.some((n) => n.name === name))) {
    externals.push({ name, version: (await installedVersion(functionDir, name)) ?? "latest" });
    say(`external: ${name} → node_modules`);
  }

  const options: BuildOptions = {
    ...common,
    entryPoints: [entry],
    absWorkingDir: functionDir,
    external: ["tslambda", "tslambda/*", ...externals.map((p) => p.name), ...externals.map((p) => `${p.name}/*`)],
    metafile: true,
    write: false,
  };
  const located = moduleLocation(functionDir, entry);
  const run = (extra: BuildOptions): Promise<BuildResult> => build({ ...options, ...extra, plugins: [located, ...(extra.plugins ?? []), sdkEsModules, builtinModulesOnUse] });
  // A first pass finds what the bundle needs: @aws-sdk/* packages to install, the module format.
  const missingSdk = new Set<string>();
  const probe = await run({ plugins: [findMissingAwsSdk(missingSdk)] });
  let nodePaths: string[] = [];
  if (missingSdk.size > 0) {
    const version = awsSdkVersion();
    // The SDK's packages are released independently (client-dynamodb may have no 3.1173.0 when
    // client-s3 has): each at its newest release up to the pinned one, as a runtime built that day.
    const packages = [...missingSdk].sort().map((name) => ({ name, version: `<=${version}` }));
    say(`aws-sdk: ${packages.map((p) => p.name).join(", ")} not declared: installed at their newest releases up to ${version} (as AWS's nodejs24.x runtime provides it) and bundled`);
    const sdkModules = join(awsSdkDir(version), "node_modules");
    // Installed once per cache: npm runs again only for a package the cache lacks (a dev rebuild must not wait on npm).
    const absent = packages.filter((p) => !existsSync(join(sdkModules, p.name, "package.json")));
    if (absent.length > 0) await installInto(awsSdkDir(version), absent);
    nodePaths = [sdkModules];
  }
  // A CommonJS handler module stays CommonJS, so its exports keep their names for the runtime.
  const cjs = inputFormat(probe.metafile!, functionDir, entry) === "cjs";
  const bundle = `${module}${cjs ? ".cjs" : ".mjs"}`;
  // The bundle, with a linked source map (no sources inside) for stack traces.
  const final: BuildOptions = { nodePaths, format: cjs ? "cjs" : "esm", outfile: join(job.taskDir, bundle), sourcemap: "linked", sourcesContent: false };
  let result = await run(final);
  const globals = cjs ? "" : cjsGlobals(result);
  if (globals) result = await run({ ...final, banner: { js: globals } });

  await rm(job.taskDir, { recursive: true, force: true });
  await mkdir(join(job.taskDir, bundle, ".."), { recursive: true });
  let bytes = 0;
  for (const [path, contents] of cjs ? outputs(result) : withEagerInit(outputs(result), bundle)) {
    await writeFile(path, contents);
    if (path.endsWith(bundle)) bytes = Buffer.byteLength(contents);
  }
  const bundled = new Set(Object.keys(result.metafile!.inputs).map((input) => resolve(functionDir, input)));
  const include = job.include !== undefined && job.include.length > 0 ? job.include : config.include;
  const files = await copyFunctionFiles(functionDir, job.taskDir, bundled, include);
  return { module: bundle, bytes, externals, files, inputs: [...bundled] };
}

function outputs(result: BuildResult): Map<string, string | Uint8Array> {
  return new Map((result.outputFiles ?? []).map((file) => [file.path, file.contents]));
}

/** The ES module bundle with the wrappers its evaluation runs compiled eagerly (eager-init.ts), its map kept in step. */
function withEagerInit(files: Map<string, string | Uint8Array>, bundle: string): Map<string, string | Uint8Array> {
  const path = [...files.keys()].find((p) => p.endsWith(bundle));
  const map = path === undefined ? undefined : files.get(`${path}.map`);
  if (path === undefined || map === undefined) return files;
  const payload = JSON.parse(Buffer.from(map).toString("utf8")) as { mappings: string };
  const eager = eagerInit(Buffer.from(files.get(path)!).toString("utf8"), payload.mappings);
  if (eager.wrapped === 0) return files;
  return new Map([...files, [path, eager.code], [`${path}.map`, JSON.stringify({ ...payload, mappings: eager.mappings })]]);
}

function inputFormat(metafile: Metafile, functionDir: string, entry: string): string | undefined {
  const key = Object.keys(metafile.inputs).find((input) => resolve(functionDir, input) === entry);
  return key === undefined ? undefined : metafile.inputs[key]?.format;
}

async function installedVersion(functionDir: string, name: string): Promise<string | undefined> {
  const text = await readFile(join(functionDir, "node_modules", name, "package.json"), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { version?: string }).version;
}
