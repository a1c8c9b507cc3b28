// AWS's nodejs24.x runtime has the AWS SDK for JavaScript v3 preinstalled, so functions written
// for it import @aws-sdk/* without declaring them. The build does the same: an @aws-sdk/* package
// the function imports but does not have is installed at one pinned version and bundled.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Plugin } from "esbuild";
import { cacheDir, root } from "./common.ts";

/** The version: AWS_SDK_VERSION (the Dockerfile passes its ARG), else the Dockerfile's ARG line. */
export function awsSdkVersion(): string {
  const fromEnv = process.env["AWS_SDK_VERSION"];
  if (fromEnv) return fromEnv;
  const line = /^ARG AWS_SDK_VERSION=(\S+)$/m.exec(readFileSync(join(root, "Dockerfile"), "utf8"));
  if (!line?.[1]) throw new Error("Dockerfile has no ARG AWS_SDK_VERSION=… line");
  return line[1];
}

/** Where the build keeps the SDK packages it installed (a cache across builds). */
export function awsSdkDir(version: string): string {
  return join(cacheDir(), "aws-sdk", version);
}

/** Package name of an import path: `@aws-sdk/client-s3/dist-cjs/x` → `@aws-sdk/client-s3`. */
function packageOf(path: string): string {
  return path.split("/").slice(0, 2).join("/");
}

/** Records every @aws-sdk/* package that does not resolve and keeps it out of this pass. */
export function findMissingAwsSdk(missing: Set<string>): Plugin {
  return {
    name: "aws-sdk-missing",
    setup(b) {
      b.onResolve({ filter: /^@aws-sdk\// }, async (args) => {
        if (args.pluginData === "aws-sdk-probe") return undefined;
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: "aws-sdk-probe" });
        if (found.errors.length === 0) return undefined;
        missing.add(packageOf(args.path));
        return { path: args.path, external: true };
      });
    },
  };
}

const ES_MODULES = "aws-sdk-es-modules";

/**
 * The SDK's packages (@aws-sdk/*, @smithy/*, @aws-crypto/*) ship an ES module build (`module`,
 * dist-es) beside the CommonJS one (`main`, dist-cjs), and most have no `exports` map, so esbuild's
 * default for Node.js (main first) bundles CommonJS, which it cannot tree-shake. Their bare imports
 * go to `module` instead: the DynamoDB Document client's bundle drops from 547 KB to 341 KB, and the
 * Node.js built-ins the CommonJS code required lazily stay lazy where the ES build does the same.
 */
export const sdkEsModules: Plugin = {
  name: ES_MODULES,
  setup(b) {
    b.onResolve({ filter: /^@(aws-sdk|smithy|aws-crypto)\/[^/]+$/ }, async (args) => {
      if (args.pluginData === ES_MODULES) return undefined;
      const manifest = await b.resolve(`${args.path}/package.json`, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: ES_MODULES });
      if (manifest.errors.length > 0) return undefined;
      const pkg = JSON.parse(await readFile(manifest.path, "utf8")) as { exports?: unknown; module?: unknown; sideEffects?: unknown };
      if (pkg.exports !== undefined || typeof pkg.module !== "string") return undefined;
      return { path: join(dirname(manifest.path), pkg.module), ...(pkg.sideEffects === false ? { sideEffects: false } : {}) };
    });
  },
};
