// Compiles the published package: lib/ gets ESM JavaScript and declarations for runtime/ and cli/
// (tsc, tsconfig.build.json). Starts from an empty lib/ so no stale file ships.
//   node scripts/build-package.ts
import { execFileSync } from "node:child_process";
import { chmod, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib");

await rm(lib, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
await chmod(join(lib, "cli", "main.js"), 0o755);
console.error("lib/: compiled runtime/ and cli/");
