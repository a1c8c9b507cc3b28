// The Lambda metadata endpoint (AWS "Using the Lambda metadata endpoint"): GET
// http://$AWS_LAMBDA_METADATA_API/2026-01-15/metadata/execution-environment with
// `Authorization: Bearer $AWS_LAMBDA_METADATA_TOKEN`, answering JSON such as
// {"AvailabilityZoneID":"use1-az1"}. Read once per environment and cached; a SnapStart restore
// clears the cache, since a restored environment may run in another Availability Zone.
import type * as Http from "node:http";

export const METADATA_PATH = "/2026-01-15/metadata/execution-environment";
const TIMEOUT_MS = 1000;

/** What the endpoint answers; fields AWS adds later are kept as they come. */
export interface ExecutionEnvironmentMetadata {
  /** The AZ id (the same physical zone in every account), e.g. "use1-az1". */
  AvailabilityZoneID: string;
  readonly [field: string]: unknown;
}

export class MetadataUnavailable extends Error {
  override readonly name = "MetadataUnavailable";
}

let cached: Promise<ExecutionEnvironmentMetadata> | undefined;

/**
 * The execution environment's metadata, fetched on first use and cached. Rejects with
 * MetadataUnavailable outside Lambda (no AWS_LAMBDA_METADATA_API / _TOKEN) or when the endpoint
 * fails; a failure is not cached, so a later call tries again.
 */
export function executionEnvironmentMetadata(env: NodeJS.ProcessEnv = process.env): Promise<ExecutionEnvironmentMetadata> {
  cached ??= fetchMetadata(env).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Forgets the cached answer (after a SnapStart restore). */
export function clearMetadataCache(): void {
  cached = undefined;
}

async function fetchMetadata(env: NodeJS.ProcessEnv): Promise<ExecutionEnvironmentMetadata> {
  const hostPort = env["AWS_LAMBDA_METADATA_API"];
  const token = env["AWS_LAMBDA_METADATA_TOKEN"];
  if (!hostPort || !token) {
    throw new MetadataUnavailable("the metadata endpoint is not available: AWS_LAMBDA_METADATA_API and AWS_LAMBDA_METADATA_TOKEN are not both set (outside Lambda or its emulator)");
  }
  const http = process.getBuiltinModule("node:http") as typeof Http;
  const sep = hostPort.lastIndexOf(":");
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: hostPort.slice(0, sep), port: Number(hostPort.slice(sep + 1)), path: METADATA_PATH, method: "GET", headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on("error", reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on("error", (error) => reject(new MetadataUnavailable(`the metadata endpoint at ${hostPort} failed: ${error.message}`, { cause: error })));
    req.end();
  });
  if (status !== 200) throw new MetadataUnavailable(`the metadata endpoint answered ${status}: ${body.slice(0, 200)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new MetadataUnavailable("the metadata endpoint answered something that is not JSON");
  }
  if (parsed === null || typeof parsed !== "object" || typeof (parsed as Record<string, unknown>)["AvailabilityZoneID"] !== "string") {
    throw new MetadataUnavailable(`the metadata endpoint's answer has no AvailabilityZoneID: ${body.slice(0, 200)}`);
  }
  return parsed as ExecutionEnvironmentMetadata;
}
