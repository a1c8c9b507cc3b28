// The Lambda metadata endpoint as the emulator serves it, beside the Runtime API (Lambda gives
// AWS_LAMBDA_METADATA_API the Runtime API's own address): GET
// /2026-01-15/metadata/execution-environment with `Authorization: Bearer <token>`.
import { randomUUID } from "node:crypto";
import type { ApiAnswer } from "./api-answer.ts";

export const METADATA_PATH = "/2026-01-15/metadata/execution-environment";
/** The AZ id the emulator reports; TSLAMBDA_AVAILABILITY_ZONE_ID overrides it. */
export const DEFAULT_AVAILABILITY_ZONE_ID = "use1-az1";

/** One token per emulator process: the function sees it as AWS_LAMBDA_METADATA_TOKEN. */
export const metadataToken = randomUUID();

export function answerMetadata(authorization: string | undefined, env: NodeJS.ProcessEnv = process.env): ApiAnswer {
  if (authorization !== `Bearer ${metadataToken}`) {
    return { status: 401, body: { errorType: "Unauthorized", errorMessage: "send Authorization: Bearer $AWS_LAMBDA_METADATA_TOKEN" } };
  }
  return { status: 200, body: { AvailabilityZoneID: env["TSLAMBDA_AVAILABILITY_ZONE_ID"] || DEFAULT_AVAILABILITY_ZONE_ID } };
}
