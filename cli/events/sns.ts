// An SNS notification delivered to a Lambda subscription.
import type { SNSEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { ACCOUNT, ISO_TIME, REGION, sampleUuid } from "./sample-values.ts";

export const sns = defineEventType({
  name: "sns",
  summary: "SNS notification",
  awsType: "SNSEvent",
  options: {
    topic: { arg: "--topic <name>", description: "topic name", default: "my-topic" },
    message: { arg: "--message <text>", description: "message", default: "Hello from SNS!" },
    subject: { arg: "--subject <text>", description: "subject (omitted when absent)" },
  },
  build: (values): SNSEvent => {
    const topic = values.topic ?? "my-topic";
    const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${topic}`;
    return {
      Records: [
        {
          EventVersion: "1.0",
          EventSubscriptionArn: `${topicArn}:${sampleUuid(`sns subscription ${topic}`)}`,
          EventSource: "aws:sns",
          Sns: {
            SignatureVersion: "1",
            Timestamp: ISO_TIME.replace("Z", ".000Z"),
            Signature: "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
            SigningCertUrl: `https://sns.${REGION}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem`,
            MessageId: sampleUuid(`sns message ${topic}`),
            Message: values.message ?? "",
            MessageAttributes: {},
            Type: "Notification",
            UnsubscribeUrl: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}`,
            TopicArn: topicArn,
            ...(values.subject !== undefined ? { Subject: values.subject } : {}),
          },
        },
      ],
    };
  },
});
