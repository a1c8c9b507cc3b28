// Lambda Function URL request (payload 2.0 with `$default` route and stage).
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { HTTP_OPTIONS, httpRequest } from "./http-request.ts";
import { v2Event } from "./http-v2.ts";
import { REGION } from "./sample-values.ts";

const URL_ID = "abcdefghijklmnopqrstuvwxyz0123";

export const functionUrl = defineEventType({
  name: "function-url",
  summary: "Lambda Function URL request",
  awsType: "LambdaFunctionURLEvent",
  options: HTTP_OPTIONS,
  build: (values): LambdaFunctionURLEvent => {
    const domainName = `${URL_ID}.lambda-url.${REGION}.on.aws`;
    return v2Event(httpRequest(values, domainName), { apiId: URL_ID, domainName, routeKey: "$default", stage: "$default" });
  },
});
