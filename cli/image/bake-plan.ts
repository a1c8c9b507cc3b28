// The `docker buildx bake` runs `tslambda image` makes: one per function, with the package's own
// buildx-bake.hcl and Dockerfile (the package directory is the build context) and the function's
// staged files and packages (stage-context.ts) as the `function` named context. Pure, so the
// command line is testable.
import { join } from "node:path";
import type { Architecture } from "../config.ts";
import type { LambdaFunction } from "../project.ts";

export interface ImageRequest {
  /** Docker platforms; default: the function's architectures. */
  platforms: string[] | undefined;
  zip: boolean;
  layers: boolean;
  /** Push per-arch tags to this registry instead of loading the image locally. */
  push: string | undefined;
  tag: string;
  /** Where zips go (bake's DESTDIR). */
  destDir: string;
  /** A PEM bundle build containers should trust (a BuildKit secret). */
  caBundle: string | undefined;
  /** The staged `function` context: the function's files with its installed packages. */
  context: string;
}

export interface BakeRun {
  fn: string;
  /** Arguments after `docker`. */
  args: string[];
  /** Variables the bake file reads. */
  variables: Record<string, string>;
  /** What the run leaves behind, for the summary. */
  results: string[];
}

const DOCKER_PLATFORM: Record<Architecture, string> = { x86_64: "linux/amd64", arm64: "linux/arm64" };
const LAMBDA_ARCH: Record<string, Architecture> = { "linux/amd64": "x86_64", "linux/arm64": "arm64" };
export const DEFAULT_REGISTRY = "tslambda";

export function bakePlan(packageDir: string, fn: LambdaFunction, request: ImageRequest): BakeRun {
  const platforms = request.platforms ?? fn.architectures.map((arch) => DOCKER_PLATFORM[arch]);
  const registry = request.push ?? DEFAULT_REGISTRY;
  const targets: string[] = [];
  const results: string[] = [];
  if (request.push !== undefined) {
    for (const platform of platforms) {
      const arch = platform.split("/")[1] ?? platform;
      targets.push(`function-push-${arch}`);
      results.push(`pushed ${registry}/${fn.name}:${request.tag}-${arch}`);
    }
  } else {
    targets.push("function");
    results.push(`loaded ${registry}/${fn.name}:${request.tag} (${platforms.join(", ")})`);
  }
  if (request.zip) {
    targets.push("function-zip");
    for (const p of platforms) results.push(`wrote ${join(request.destDir, `${fn.name}-${LAMBDA_ARCH[p] ?? p}.zip`)}`);
  }
  if (request.layers) {
    targets.push("function-layers");
    for (const p of platforms) results.push(`wrote ${join(request.destDir, `${fn.name}-layered-${LAMBDA_ARCH[p] ?? p}.zip`)}`);
  }
  const variables: Record<string, string> = {
    FUNCTION_DIR: request.context,
    // The context brings the project's installed packages: the build installs nothing itself.
    FUNCTION_DEPENDENCIES: "given",
    FUNCTION_NAME: fn.name,
    FUNCTION_HANDLER: fn.handler,
    PLATFORMS: platforms.join(","),
    REGISTRY: registry,
    TAG: request.tag,
    DESTDIR: request.destDir,
  };
  if (request.caBundle) variables["CA_BUNDLE"] = request.caBundle;
  return { fn: fn.name, args: ["buildx", "bake", "-f", join(packageDir, "buildx-bake.hcl"), ...targets], variables, results };
}

/** Checks --platform values: Lambda runs linux/amd64 and linux/arm64. */
export function parsePlatforms(text: string): string[] | string {
  const platforms = text.split(",").map((p) => p.trim()).filter((p) => p !== "");
  const wrong = platforms.find((p) => LAMBDA_ARCH[p] === undefined);
  if (wrong !== undefined || platforms.length === 0) return `--platform takes linux/amd64 and/or linux/arm64 (comma-separated), not ${JSON.stringify(text)}`;
  return [...new Set(platforms)];
}
