// A scheduled invoke from an EventBridge rule (`rate(...)` or `cron(...)`).
import type { ScheduledEvent } from "aws-lambda";
import { UsageError } from "../errors.ts";
import { defineEventType } from "./event-type.ts";
import { ACCOUNT, ISO_TIME, REGION, sampleUuid } from "./sample-values.ts";

export const schedule = defineEventType({
  name: "schedule",
  summary: "EventBridge scheduled event (rate or cron rule)",
  awsType: "ScheduledEvent",
  options: {
    rule: { arg: "--rule <name>", description: "rule name", default: "my-schedule" },
    time: { arg: "--time <iso>", description: "time of the event", default: ISO_TIME },
  },
  build: (values): ScheduledEvent<Record<string, never>> => {
    const rule = values.rule ?? "my-schedule";
    const time = values.time ?? ISO_TIME;
    if (Number.isNaN(Date.parse(time))) throw new UsageError(`--time must be an ISO 8601 time, not ${JSON.stringify(time)}`);
    return {
      version: "0",
      id: sampleUuid(`schedule ${rule} ${time}`),
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: ACCOUNT,
      time: new Date(time).toISOString().replace(".000Z", "Z"),
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${rule}`],
      detail: {},
    };
  },
});
