// Every sample event type, in the order `tslambda events` lists them.
import type { EventType } from "./event-type.ts";
import { alb } from "./alb.ts";
import { apigwHttp } from "./apigw-http.ts";
import { apigwRest } from "./apigw-rest.ts";
import { dynamodb } from "./dynamodb.ts";
import { eventbridge } from "./eventbridge.ts";
import { functionUrl } from "./function-url.ts";
import { kinesis } from "./kinesis.ts";
import { s3 } from "./s3.ts";
import { schedule } from "./schedule.ts";
import { sns } from "./sns.ts";
import { sqs } from "./sqs.ts";

export const EVENT_TYPES: readonly EventType[] = [apigwRest, apigwHttp, functionUrl, alb, sqs, sns, s3, eventbridge, dynamodb, kinesis, schedule];

export function findEventType(name: string): EventType | undefined {
  return EVENT_TYPES.find((type) => type.name === name);
}
