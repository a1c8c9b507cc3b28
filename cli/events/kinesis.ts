// Kinesis Data Streams records delivered by an event source mapping.
import type { KinesisStreamEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { ACCOUNT, EPOCH_MS, REGION, parseCount } from "./sample-values.ts";

export const kinesis = defineEventType({
  name: "kinesis",
  summary: "Kinesis Data Streams records",
  awsType: "KinesisStreamEvent",
  options: {
    stream: { arg: "--stream <name>", description: "stream name", default: "my-stream" },
    data: { arg: "--data <text>", description: "record data (base64-encoded in the event)", default: '{"sensor":"t-1","celsius":21.5}' },
    partitionKey: { arg: "--partition-key <key>", description: "partition key", default: "partition-1" },
    count: { arg: "--count <n>", description: "records in the batch (1-100)", default: "1" },
  },
  build: (values): KinesisStreamEvent => {
    const stream = values.stream ?? "my-stream";
    const count = parseCount(values.count ?? "1", "--count", 100);
    const shard = "shardId-000000000000";
    return {
      Records: Array.from({ length: count }, (_, i) => {
        const sequenceNumber = (49590338271490256608559692538361571095921575989136588898n + BigInt(i)).toString();
        return {
          kinesis: {
            kinesisSchemaVersion: "1.0",
            partitionKey: values.partitionKey ?? "",
            sequenceNumber,
            data: Buffer.from(values.data ?? "").toString("base64"),
            approximateArrivalTimestamp: (EPOCH_MS + i) / 1000,
          },
          eventSource: "aws:kinesis",
          eventVersion: "1.0",
          eventID: `${shard}:${sequenceNumber}`,
          eventName: "aws:kinesis:record",
          invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-kinesis-role`,
          awsRegion: REGION,
          eventSourceARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${stream}`,
        };
      }),
    };
  },
});
