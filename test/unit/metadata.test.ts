import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearMetadataCache, executionEnvironmentMetadata, MetadataUnavailable } from "../../runtime/metadata/execution-environment.ts";

describe("executionEnvironmentMetadata() against a fake metadata endpoint", () => {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let answer = { status: 200, body: '{"AvailabilityZoneID":"use1-az4"}' };
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    res.writeHead(answer.status, { "content-type": "application/json", "cache-control": "private, max-age=43200" });
    res.end(answer.body);
  });
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    seen.length = 0;
    answer = { status: 200, body: '{"AvailabilityZoneID":"use1-az4"}' };
    clearMetadataCache();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    env = { AWS_LAMBDA_METADATA_API: `127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_LAMBDA_METADATA_TOKEN: "tok-123" };
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("GETs the execution-environment path with the bearer token and returns the AZ id", async () => {
    const metadata = await executionEnvironmentMetadata(env);
    expect(metadata.AvailabilityZoneID).toBe("use1-az4");
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe("/2026-01-15/metadata/execution-environment");
    expect(seen[0]!.headers["authorization"]).toBe("Bearer tok-123");
  });

  it("asks once and caches the answer, until the cache is cleared (as after a restore)", async () => {
    await executionEnvironmentMetadata(env);
    answer = { status: 200, body: '{"AvailabilityZoneID":"use1-az6","Extra":1}' };
    expect((await executionEnvironmentMetadata(env)).AvailabilityZoneID).toBe("use1-az4");
    expect(seen).toHaveLength(1);
    clearMetadataCache();
    expect(await executionEnvironmentMetadata(env)).toEqual({ AvailabilityZoneID: "use1-az6", Extra: 1 });
    expect(seen).toHaveLength(2);
  });

  it("explains itself without the variables", async () => {
    await expect(executionEnvironmentMetadata({})).rejects.toThrow(MetadataUnavailable);
    await expect(executionEnvironmentMetadata({ AWS_LAMBDA_METADATA_API: env["AWS_LAMBDA_METADATA_API"] })).rejects.toThrow(/AWS_LAMBDA_METADATA_TOKEN/);
    expect(seen).toHaveLength(0);
  });

  it("rejects an error answer and does not cache it", async () => {
    answer = { status: 401, body: '{"message":"bad token"}' };
    await expect(executionEnvironmentMetadata(env)).rejects.toThrow(/answered 401/);
    answer = { status: 200, body: '{"AvailabilityZoneID":"use1-az1"}' };
    expect((await executionEnvironmentMetadata(env)).AvailabilityZoneID).toBe("use1-az1");
  });
});
