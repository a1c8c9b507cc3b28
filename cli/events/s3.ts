// An S3 event notification (ObjectCreated:Put by default).
import type { S3Event } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { ISO_TIME, REGION, md5, parseCount } from "./sample-values.ts";

export const s3 = defineEventType({
  name: "s3",
  summary: "S3 event notification",
  awsType: "S3Event",
  options: {
    bucket: { arg: "--bucket <name>", description: "bucket name", default: "my-bucket" },
    key: { arg: "--key <key>", description: "object key (URL-encoded in the event, as S3 sends it)", default: "uploads/photo.jpg" },
    eventName: { arg: "--event-name <name>", description: "event name, e.g. ObjectRemoved:Delete", default: "ObjectCreated:Put" },
    size: { arg: "--size <bytes>", description: "object size", default: "1024" },
  },
  build: (values): S3Event => {
    const bucket = values.bucket ?? "my-bucket";
    const key = values.key ?? "";
    const size = parseCount(values.size ?? "1024", "--size", Number.MAX_SAFE_INTEGER, 0);
    return {
      Records: [
        {
          eventVersion: "2.1",
          eventSource: "aws:s3",
          awsRegion: REGION,
          eventTime: ISO_TIME.replace("Z", ".000Z"),
          eventName: values.eventName ?? "ObjectCreated:Put",
          userIdentity: { principalId: "AWS:AIDAINPONIXQXHT3IKHL2" },
          requestParameters: { sourceIPAddress: "198.51.100.7" },
          responseElements: { "x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
          s3: {
            s3SchemaVersion: "1.0",
            configurationId: "tslambda-sample",
            bucket: { name: bucket, ownerIdentity: { principalId: "A3NL1KOZZKExample" }, arn: `arn:aws:s3:::${bucket}` },
            // S3 encodes keys like a form: spaces become '+'.
            object: { key: encodeURIComponent(key).replace(/%2F/g, "/").replace(/%20/g, "+"), size, eTag: md5(`${bucket}/${key}`), sequencer: "0055AED6DCD90281E5" },
          },
        },
      ],
    };
  },
});
