// SQS messages delivered by an event source mapping (a standard queue).
import type { SQSEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { ACCOUNT, EPOCH_MS, REGION, md5, parseCount, sampleUuid } from "./sample-values.ts";

export const sqs = defineEventType({
  name: "sqs",
  summary: "SQS messages (event source mapping batch)",
  awsType: "SQSEvent",
  options: {
    queue: { arg: "--queue <name>", description: "queue name", default: "my-queue" },
    message: { arg: "--message <text>", description: "message body", default: '{"orderId":"1234","status":"created"}' },
    count: { arg: "--count <n>", description: "messages in the batch (1-10)", default: "1" },
  },
  build: (values): SQSEvent => {
    const queue = values.queue ?? "my-queue";
    const body = values.message ?? "";
    const count = parseCount(values.count ?? "1", "--count", 10);
    return {
      Records: Array.from({ length: count }, (_, i) => {
        const messageId = sampleUuid(`sqs ${queue} ${i}`);
        return {
          messageId,
          receiptHandle: `AQEB${Buffer.from(`${queue}/${messageId}`).toString("base64")}`,
          body,
          attributes: {
            ApproximateReceiveCount: "1",
            SentTimestamp: String(EPOCH_MS + i),
            SenderId: "AIDAIENQZJOLO23YVJ4VO",
            ApproximateFirstReceiveTimestamp: String(EPOCH_MS + i + 5),
          },
          messageAttributes: {},
          md5OfBody: md5(body),
          eventSource: "aws:sqs",
          eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queue}`,
          awsRegion: REGION,
        };
      }),
    };
  },
});
