// The payload 2.0 layout shared by API Gateway HTTP APIs and Lambda Function URLs.
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { HttpRequest } from "./http-request.ts";
import { ACCOUNT, EPOCH_MS, sampleUuid } from "./sample-values.ts";

export interface V2Front {
  apiId: string;
  domainName: string;
  routeKey: string;
  stage: string;
}

export function v2Event(request: HttpRequest, front: V2Front): APIGatewayProxyEventV2 {
  const { cookie: _cookie, ...headers } = request.headers;
  const query = commaJoinedQuery(request.rawQuery);
  return {
    version: "2.0",
    routeKey: front.routeKey,
    rawPath: request.path,
    rawQueryString: request.rawQuery,
    ...(request.cookies.length > 0 ? { cookies: request.cookies } : {}),
    headers,
    ...(query !== undefined ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: ACCOUNT,
      apiId: front.apiId,
      domainName: front.domainName,
      domainPrefix: front.domainName.split(".")[0] ?? front.apiId,
      http: { method: request.method, path: request.path, protocol: "HTTP/1.1", sourceIp: request.sourceIp, userAgent: request.userAgent },
      requestId: sampleUuid(`v2 ${front.apiId} ${request.method} ${request.path}`),
      routeKey: front.routeKey,
      stage: front.stage,
      time: "01/Jun/2025:12:00:00 +0000",
      timeEpoch: EPOCH_MS,
    },
    ...(request.body !== undefined ? { body: request.body } : {}),
    isBase64Encoded: false,
  };
}

/** Payload 2.0 joins repeated query parameters with commas. */
function commaJoinedQuery(rawQuery: string): Record<string, string> | undefined {
  const params = new URLSearchParams(rawQuery);
  const out: Record<string, string> = {};
  for (const [key, value] of params) out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
  return Object.keys(out).length === 0 ? undefined : out;
}
