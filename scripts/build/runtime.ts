// The runtime, the same files for every function: `bootstrap`, one file, the entry Lambda runs
// and the module the function's `tslambda` and `tslambda/extension` imports resolve to, so they
// meet the very runtime the bootstrap runs; plus the emulator, loaded only outside Lambda.
import { build, type Plugin } from "esbuild";
import { chmod, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { shebang } from "../../runtime/node-flags.ts";
import { cacheDir, common, installed, REQUIRE_SHIM, root, runtimeDir } from "./common.ts";

export interface RuntimeBuild {
  outDir: string;
  /** Node.js for `bootstrap`'s first line, e.g. "/var/lang/bin/node", which adds the runtime's option; none for `node bootstrap`. */
  shebang?: string | undefined;
  /** Runtime API client: the node:net one (default), or node:http or undici, for the benchmark. */
  transport?: "loopback" | "node-http" | "undici" | undefined;
}

/** Swaps the runtime's Runtime API client for another with the same contract. */
const useTransport = (file: "node-http" | "undici"): Plugin => ({
  name: `${file}-transport`,
  setup(b) {
    b.onResolve({ filter: /\/transport\/loopback-http\.ts$/ }, () => ({ path: join(runtimeDir, "transport", `${file}.ts`) }));
  },
});

export async function buildRuntime(job: RuntimeBuild): Promise<{ bytes: number }> {
  await mkdir(job.outDir, { recursive: true });
  const result = await build({
    ...common,
    entryPoints: { bootstrap: join(runtimeDir, "bootstrap.ts") },
    outdir: job.outDir,
    outExtension: { ".js": ".mjs" },
    plugins: job.transport === "undici" || job.transport === "node-http" ? [useTransport(job.transport)] : [],
    // Bundled CommonJS (undici, for the benchmark) may require Node built-ins.
    banner: { js: REQUIRE_SHIM },
    metafile: true,
  });
  // Lambda runs a file named `bootstrap`.
  const entry = join(job.outDir, "bootstrap.mjs");
  const code = await readFile(entry, "utf8");
  await writeFile(join(job.outDir, "bootstrap"), `${job.shebang ? shebang(job.shebang) : ""}${code}`);
  await rm(entry);
  await chmod(join(job.outDir, "bootstrap"), 0o755);
  await writeFile(join(job.outDir, "package.json"), '{"type":"module"}\n');
  await cp(await emulatorBundle(), join(job.outDir, "emulator.mjs"));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  return { bytes };
}

let emulatorBuilt: Promise<string> | undefined;

/** The emulator, built once per run and copied beside every bootstrap. */
export function emulatorBundle(): Promise<string> {
  return (emulatorBuilt ??= (async () => {
    // A clone builds it where the README runs it from (dist/); an installed package, in the cache.
    const outfile = installed ? join(cacheDir(), "emulator.mjs") : join(root, "dist", "emulator.mjs");
    await build({ ...common, entryPoints: [join(runtimeDir, "emulator", "main.ts")], outfile, banner: { js: REQUIRE_SHIM } });
    return outfile;
  })());
}
