// Every sample event type, in the order `tslambda events` lists them.
import type { EventType } from "./event-type.ts";
import { UsageError } from "../errors.ts";
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

/** The sample of a type with its defaults, for `invoke --event TYPE`. */
export function sampleEvent(name: string): unknown {
  const type = findEventType(name);
  if (type === undefined) throw new UsageError(`unknown event type ${JSON.stringify(name)} (types: ${EVENT_TYPES.map((t) => t.name).join(", ")})`);
  return type.sample({});
}
