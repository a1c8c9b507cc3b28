// The runtime layer's files (unpacked under /opt): `bootstrap`, and the runtime as the package
// `nodejs/node_modules/tslambda` (its entry points share chunks, so a layered function's serve()
// and internal extensions meet the same runtime state). Node.js (`bin/node`) is added by the
// Dockerfile for each architecture. A function on it ships its task directory alone.
import { build } from "esbuild";
import { chmod, cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { shebang } from "../../runtime/node-flags.ts";
import { common, runtimeDir } from "./common.ts";
import { emulatorBundle } from "./runtime.ts";

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
  });
  await cp(await emulatorBundle(), join(pkg, "emulator.mjs"));
  await writeFile(join(pkg, "package.json"), `${JSON.stringify({ name: "tslambda", type: "module", exports: { ".": "./index.mjs", "./extension": "./extension.mjs" } })}\n`);
  // CommonJS on purpose: no package.json may sit in /opt (it would make /opt/extensions ESM-only).
  await writeFile(join(outDir, "bootstrap"), `${shebang("/opt/bin/node")}import("/opt/nodejs/node_modules/tslambda/bootstrap.mjs");\n`);
  await chmod(join(outDir, "bootstrap"), 0o755);
}
