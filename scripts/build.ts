// Bundles each function directory with the runtime into one minified ESM file, `bootstrap`,
// plus the emulator it loads when started outside Lambda.
//   node scripts/build.ts                     all demos and test fixtures, into dist/
//   node scripts/build.ts --function DIR [--out DIR] [--shebang PATH] [--transport undici]
import { build, type BuildOptions, type Plugin } from "esbuild";
import { chmod, cp, mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const runtimeDir = join(root, "runtime");

// Bundled CommonJS code may require Node built-ins; serve those without importing node:module.
const REQUIRE_SHIM = "const require=(m)=>{const b=process.getBuiltinModule(m);if(b)return b;throw new Error(`cannot require ${m}`)};";

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
  // `<file>.map` beside each bundle, read by the runtime only when it formats an error; sources
  // stay out (the map only has to turn positions into file:line:column).
  sourcemap: "linked",
  sourcesContent: false,
  alias: { tslambda: join(runtimeDir, "index.ts"), "tslambda/extension": join(runtimeDir, "extension", "index.ts") },
};

export interface FunctionBuild {
  /** Directory holding the function's index.ts (or index.js / index.mjs). */
  functionDir: string;
  outDir: string;
  /** First line of the bootstrap, e.g. "/var/lang/bin/node" for an executable bootstrap. */
  shebang?: string | undefined;
  /** Runtime API client: node:http (default) or undici, for the benchmark. */
  transport?: "node-http" | "undici" | undefined;
  /** Interpreter line of external extensions (default: the Node.js running this build). */
  extensionShebang?: string | undefined;
}

async function entryOf(functionDir: string): Promise<string> {
  for (const name of ["index.ts", "index.mts", "index.js", "index.mjs"]) {
    const path = join(functionDir, name);
    if (await stat(path).then(() => true, () => false)) return path;
  }
  throw new Error(`${functionDir} has no index.ts, index.mts, index.js or index.mjs`);
}

const useUndici: Plugin = {
  name: "undici-transport",
  setup(b) {
    b.onResolve({ filter: /\/transport\/node-http\.ts$/ }, () => ({ path: join(runtimeDir, "transport", "undici.ts") }));
  },
};

export async function buildFunction(job: FunctionBuild): Promise<{ bootstrapBytes: number }> {
  const entry = await entryOf(resolve(job.functionDir));
  await mkdir(job.outDir, { recursive: true });
  // The function module is imported dynamically so that an error at its top level becomes an
  // init error the runtime can report (esbuild inlines it as a lazily evaluated module).
  const contents = `import { start } from ${JSON.stringify(join(runtimeDir, "start.ts"))};\nvoid start(() => import(${JSON.stringify(entry)}));\n`;
  const result = await build({
    ...common,
    stdin: { contents, resolveDir: root, sourcefile: "bootstrap-entry.ts", loader: "ts" },
    outfile: join(job.outDir, "bootstrap"),
    banner: { js: `${job.shebang ? `#!${job.shebang}\n` : ""}${REQUIRE_SHIM}` },
    plugins: job.transport === "undici" ? [useUndici] : [],
    metafile: true,
  });
  await writeFile(join(job.outDir, "package.json"), '{"type":"module"}\n');
  const emulator = await emulatorBundle();
  await cp(emulator, join(job.outDir, "emulator.mjs"));
  await buildExtensions(resolve(job.functionDir), job.outDir, job.extensionShebang ?? process.execPath);
  const output = Object.entries(result.metafile.outputs).find(([path]) => !path.endsWith(".map"))?.[1];
  return { bootstrapBytes: output?.bytes ?? 0 };
}

/**
 * External extensions: each `extensions/<name>/` of a function directory becomes one executable
 * file, `<out>/extensions/<name>` (Lambda starts every file in /opt/extensions). ESM without a
 * package.json beside it (Lambda would start that file too): Node.js 24 recognises the module
 * syntax of an extensionless file on its own.
 */
async function buildExtensions(functionDir: string, outDir: string, shebang: string): Promise<void> {
  for (const dir of await subdirs(join(functionDir, "extensions"))) {
    const outfile = join(outDir, "extensions", basename(dir));
    await build({
      ...common,
      entryPoints: [await entryOf(dir)],
      outfile,
      banner: { js: `#!${shebang}\n${REQUIRE_SHIM}` },
      // Lambda starts every file in /opt/extensions: no .map file may sit beside an extension.
      sourcemap: false,
    });
    await chmod(outfile, 0o755);
  }
}

/**
 * A function for the runtime layer: only its own code, in `<out>/index.mjs`, with the runtime
 * left out (it comes from /opt/nodejs/node_modules/tslambda); its extensions go to
 * `<out>/extensions/` for an extension layer.
 */
export async function buildLayeredFunction(functionDir: string, outDir: string, extensionShebang: string): Promise<{ bytes: number }> {
  await mkdir(outDir, { recursive: true });
  const result = await build({
    ...common,
    alias: {},
    external: ["tslambda", "tslambda/*"],
    entryPoints: [await entryOf(resolve(functionDir))],
    outfile: join(outDir, "index.mjs"),
    banner: { js: REQUIRE_SHIM },
    metafile: true,
  });
  await buildExtensions(resolve(functionDir), outDir, extensionShebang);
  return { bytes: Object.entries(result.metafile.outputs).find(([path]) => !path.endsWith(".map"))?.[1]?.bytes ?? 0 };
}

/**
 * The runtime layer's files (unpacked under /opt): `bootstrap`, and the runtime as the package
 * `nodejs/node_modules/tslambda` (its entry points share one chunk, so a layered function's
 * serve() and internal extensions meet the same runtime state). Node.js (`bin/node`) is added by
 * the Dockerfile for each architecture.
 */
export async function buildRuntimeLayer(outDir: string): Promise<void> {
  const pkg = join(outDir, "nodejs", "node_modules", "tslambda");
  await mkdir(pkg, { recursive: true });
  await build({
    ...common,
    entryPoints: { index: join(runtimeDir, "index.ts"), extension: join(runtimeDir, "extension", "index.ts"), bootstrap: join(runtimeDir, "layer-bootstrap.ts") },
    outdir: pkg,
    outExtension: { ".js": ".mjs" },
    splitting: true,
    chunkNames: "chunk-[hash]",
    banner: { js: REQUIRE_SHIM },
  });
  await cp(await emulatorBundle(), join(pkg, "emulator.mjs"));
  await writeFile(join(pkg, "package.json"), `${JSON.stringify({ name: "tslambda", type: "module", exports: { ".": "./index.mjs", "./extension": "./extension.mjs" } })}\n`);
  // CommonJS on purpose: no package.json may sit in /opt (it would make /opt/extensions ESM-only).
  await writeFile(join(outDir, "bootstrap"), '#!/opt/bin/node\nimport("/opt/nodejs/node_modules/tslambda/bootstrap.mjs");\n');
  await chmod(join(outDir, "bootstrap"), 0o755);
}

let emulatorBuilt: Promise<string> | undefined;

/** The emulator, built once per run and copied beside every bootstrap. */
export function emulatorBundle(): Promise<string> {
  return (emulatorBuilt ??= (async () => {
    const outfile = join(root, "dist", "emulator.mjs");
    await build({ ...common, entryPoints: [join(runtimeDir, "emulator", "main.ts")], outfile, banner: { js: REQUIRE_SHIM } });
    return outfile;
  })());
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => join(dir, e.name)).sort();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      function: { type: "string" },
      out: { type: "string" },
      shebang: { type: "string" },
      "extension-shebang": { type: "string" },
      layered: { type: "boolean" },
      "runtime-layer": { type: "string" },
      transport: { type: "string" },
    },
  });
  const transport = values.transport === "undici" ? "undici" : "node-http";
  if (values["runtime-layer"]) {
    await buildRuntimeLayer(resolve(values["runtime-layer"]));
    console.log(`${values["runtime-layer"]}: runtime layer`);
    return;
  }
  if (values.function && values.layered) {
    const outDir = resolve(values.out ?? join(root, "dist", "layered", basename(values.function)));
    const { bytes } = await buildLayeredFunction(values.function, outDir, values["extension-shebang"] ?? "/opt/bin/node");
    console.log(`${outDir}/index.mjs\t${bytes} bytes`);
    return;
  }
  if (values.function) {
    const outDir = resolve(values.out ?? join(root, "dist", "functions", basename(values.function)));
    const { bootstrapBytes } = await buildFunction({ functionDir: values.function, outDir, shebang: values.shebang, transport, extensionShebang: values["extension-shebang"] });
    console.log(`${outDir}/bootstrap\t${bootstrapBytes} bytes`);
    return;
  }
  const groups = { demos: join(root, "demos"), fixtures: join(root, "test", "fixtures", "functions") };
  for (const [group, dir] of Object.entries(groups)) {
    for (const functionDir of await subdirs(dir)) {
      const outDir = join(root, "dist", group, basename(functionDir));
      const { bootstrapBytes } = await buildFunction({ functionDir, outDir, shebang: values.shebang, transport });
      console.log(`dist/${group}/${basename(functionDir)}/bootstrap\t${bootstrapBytes} bytes`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
