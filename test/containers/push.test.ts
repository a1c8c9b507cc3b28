import { execFileSync } from "node:child_process";
import { request } from "undici";
import { describe, expect, inject, it } from "vitest";
import { LambdaContainer } from "../helpers/lambda-container.ts";

const docker = inject("docker");
// The local registry docker/install-engine.sh runs on loopback stands in for ECR.
const REGISTRY = process.env["TSLAMBDA_TEST_REGISTRY"] ?? "127.0.0.1:5000";
const IMAGE_MANIFESTS = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];
const ACCEPT = [...IMAGE_MANIFESTS, "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"].join(", ");
// Issue 12: at most 45 MB per architecture as a registry stores it (gzip layers).
const COMPRESSED_BUDGET = 45 * 1000 * 1000;

async function registryUp(): Promise<boolean> {
  try {
    return (await request(`http://${REGISTRY}/v2/`)).statusCode === 200;
  } catch {
    return false;
  }
}

const registry = docker && (await registryUp());
if (docker && !registry) {
  if (process.env["CI"]) throw new Error(`CI needs the local registry on ${REGISTRY} (docker/install-engine.sh starts it)`);
  console.warn(`\n*** Push test SKIPPED: no registry on ${REGISTRY} (docker/install-engine.sh starts one). ***\n`);
}

describe.skipIf(!registry)("push for Lambda (one single-arch image manifest per tag)", () => {
  const tag = `push-${Date.now()}`;

  it("bake pushes echo for both architectures, each tag a plain image manifest of that arch", async () => {
    execFileSync("docker", ["buildx", "bake", "-f", "buildx-bake.hcl", "--progress=quiet", "push-echo-amd64", "push-echo-arm64"], {
      env: { ...process.env, REGISTRY: `${REGISTRY}/tslambda`, TAG: tag },
      stdio: "inherit",
    });
    for (const arch of ["amd64", "arm64"]) {
      const res = await request(`http://${REGISTRY}/v2/tslambda/echo/manifests/${tag}-${arch}`, { headers: { accept: ACCEPT } });
      expect(res.statusCode).toBe(200);
      const manifest = (await res.body.json()) as { mediaType?: string; config: { digest: string }; layers: { size: number }[]; manifests?: unknown };
      const mediaType = manifest.mediaType ?? String(res.headers["content-type"]);
      expect(IMAGE_MANIFESTS, `${arch}: ${mediaType} is not an image manifest`).toContain(mediaType);
      expect(manifest.manifests).toBeUndefined();
      const config = (await (await request(`http://${REGISTRY}/v2/tslambda/echo/blobs/${manifest.config.digest}`)).body.json()) as { architecture: string; os: string };
      expect(config).toMatchObject({ architecture: arch, os: "linux" });
      const compressed = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
      console.log(`echo ${arch}: ${(compressed / 1e6).toFixed(1)} MB compressed`);
      expect(compressed).toBeLessThan(COMPRESSED_BUDGET);
    }
  });

  it.each(["amd64", "arm64"])("the pushed %s image pulls and runs", async (arch) => {
    const ref = `${REGISTRY}/tslambda/echo:${tag}-${arch}`;
    execFileSync("docker", ["image", "rm", "-f", ref], { stdio: "ignore" });
    execFileSync("docker", ["pull", "--platform", `linux/${arch}`, ref], { stdio: "ignore" });
    await using fn = await new LambdaContainer(ref).withPlatform(`linux/${arch}`).start();
    const res = await fn.invoke({ pulled: arch });
    expect(res.json()).toEqual({ pulled: arch });
  });
});
