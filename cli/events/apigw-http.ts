// API Gateway HTTP API, Lambda proxy integration (payload 2.0), default route and stage.
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { HTTP_OPTIONS, httpRequest } from "./http-request.ts";
import { v2Event } from "./http-v2.ts";
import { REGION } from "./sample-values.ts";

const API_ID = "r3pmxmplak";

export const apigwHttp = defineEventType({
  name: "apigw-http",
  summary: "API Gateway HTTP API proxy request (payload 2.0)",
  awsType: "APIGatewayProxyEventV2",
  options: HTTP_OPTIONS,
  build: (values): APIGatewayProxyEventV2 => {
    const domainName = `${API_ID}.execute-api.${REGION}.amazonaws.com`;
    const request = httpRequest(values, domainName);
    return v2Event(request, { apiId: API_ID, domainName, routeKey: `ANY /{proxy+}`, stage: "$default" });
  },
});
