// The benchmark's realistic function: an AWS SDK v3 DynamoDB Document client made at init, as
// most production functions do. Only init and a trivial invoke are timed; no request leaves the
// machine (the handler never calls DynamoDB).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env["AWS_REGION"] ?? "us-east-1" }));

export const handler = async (event: unknown): Promise<unknown> => ({ event, client: client.config.region !== undefined });
