// Application Load Balancer request to a Lambda target group (multi-value headers off).
import type { ALBEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { HTTP_OPTIONS, httpRequest, queryParameters } from "./http-request.ts";
import { ACCOUNT, REGION } from "./sample-values.ts";

export const alb = defineEventType({
  name: "alb",
  summary: "Application Load Balancer request",
  awsType: "ALBEvent",
  options: HTTP_OPTIONS,
  build: (values): ALBEvent => {
    const request = httpRequest(values, "my-alb-1234567890.us-east-1.elb.amazonaws.com");
    // ALB passes the query string through URL-encoded, as the client sent it.
    const query = queryParameters(request.rawQuery);
    const encoded = query === undefined ? {} : Object.fromEntries(Object.entries(query).map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)]));
    return {
      requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/lambda-target/6d0ecf831eec9f09` } },
      httpMethod: request.method,
      path: request.path,
      queryStringParameters: encoded,
      headers: request.headers,
      body: request.body ?? "",
      isBase64Encoded: false,
    };
  },
});
