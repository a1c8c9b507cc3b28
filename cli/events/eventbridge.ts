// An EventBridge event from a custom source, as a rule delivers it to a target.
import type { EventBridgeEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { ACCOUNT, ISO_TIME, REGION, parseJson, sampleUuid } from "./sample-values.ts";

export const eventbridge = defineEventType({
  name: "eventbridge",
  summary: "EventBridge event",
  awsType: "EventBridgeEvent<string, unknown>",
  options: {
    source: { arg: "--source <name>", description: "event source", default: "com.example.orders" },
    detailType: { arg: "--detail-type <text>", description: "detail-type", default: "Order Created" },
    detail: { arg: "--detail <json>", description: "detail as JSON", default: '{"orderId":"1234","amount":42.5}' },
  },
  build: (values): EventBridgeEvent<string, unknown> => {
    const source = values.source ?? "com.example.orders";
    return {
      version: "0",
      id: sampleUuid(`eventbridge ${source} ${values.detailType}`),
      "detail-type": values.detailType ?? "",
      source,
      account: ACCOUNT,
      time: ISO_TIME,
      region: REGION,
      resources: [],
      detail: parseJson(values.detail ?? "{}", "--detail"),
    };
  },
});
