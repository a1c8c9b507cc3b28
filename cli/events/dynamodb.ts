// A DynamoDB Streams record (NEW_AND_OLD_IMAGES view).
import type { DynamoDBStreamEvent, StreamRecord } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { toItem } from "./attribute-value.ts";
import { ACCOUNT, EPOCH_MS, REGION, parseChoice, parseJsonObject, sampleUuid } from "./sample-values.ts";

const EVENT_NAMES = ["INSERT", "MODIFY", "REMOVE"] as const;

export const dynamodb = defineEventType({
  name: "dynamodb",
  summary: "DynamoDB Streams record",
  awsType: "DynamoDBStreamEvent",
  options: {
    table: { arg: "--table <name>", description: "table name", default: "my-table" },
    eventName: { arg: "--event-name <name>", description: "INSERT, MODIFY or REMOVE", default: "INSERT" },
    keys: { arg: "--keys <json>", description: "key attributes as plain JSON", default: '{"id":"1234"}' },
    newImage: { arg: "--new-image <json>", description: "item after the change as plain JSON (attributes beside the keys)", default: '{"status":"created","amount":42.5}' },
  },
  build: (values): DynamoDBStreamEvent => {
    const table = values.table ?? "my-table";
    const eventName = parseChoice(values.eventName ?? "INSERT", "--event-name", EVENT_NAMES);
    const keys = parseJsonObject(values.keys ?? "{}", "--keys");
    const image = { ...keys, ...parseJsonObject(values.newImage ?? "{}", "--new-image") };
    const record: StreamRecord = {
      ApproximateCreationDateTime: EPOCH_MS / 1000,
      Keys: toItem(keys),
      SequenceNumber: "111100000000000000000001",
      SizeBytes: Buffer.byteLength(JSON.stringify(image)),
      StreamViewType: "NEW_AND_OLD_IMAGES",
    };
    // INSERT has only the new image, REMOVE only the old one, MODIFY both.
    if (eventName !== "REMOVE") record.NewImage = toItem(image);
    if (eventName !== "INSERT") record.OldImage = toItem(keys);
    return {
      Records: [
        {
          eventID: sampleUuid(`dynamodb ${table}`).replace(/-/g, ""),
          eventName,
          eventVersion: "1.1",
          eventSource: "aws:dynamodb",
          awsRegion: REGION,
          dynamodb: record,
          eventSourceARN: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}/stream/2025-06-01T00:00:00.000`,
        },
      ],
    };
  },
});
