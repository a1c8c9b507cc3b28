// The benchmark's realistic function: an AWS SDK v3 DynamoDB Document client made at init, as
// most production functions do. Only init and a trivial invoke are timed; no request leaves the
// machine (the handler never calls DynamoDB).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env["AWS_REGION"] ?? "us-east-1" }));

/** `{"fail": true}` throws a few frames deep, for bench/first-error.ts (a trace through the source map). */
function failDeep(depth: number): never {
  if (depth === 0) throw new Error("failed on purpose");
  return failDeep(depth - 1);
}

export const handler = async (event: { fail?: boolean } | null): Promise<unknown> => {
  if (event?.fail) failDeep(3);
  return { event, client: client.config.region !== undefined };
};
