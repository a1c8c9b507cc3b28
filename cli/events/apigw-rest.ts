// API Gateway REST API, Lambda proxy integration (payload 1.0), behind a `/{proxy+}` resource.
import type { APIGatewayProxyEvent } from "aws-lambda";
import { defineEventType } from "./event-type.ts";
import { HTTP_OPTIONS, httpRequest, multiValueHeaders, multiValueQueryParameters, queryParameters } from "./http-request.ts";
import { ACCOUNT, EPOCH_MS, REGION, sampleUuid } from "./sample-values.ts";

const API_ID = "a1b2c3d4e5";
const STAGE = "prod";

export const apigwRest = defineEventType({
  name: "apigw-rest",
  summary: "API Gateway REST API proxy request (payload 1.0)",
  awsType: "APIGatewayProxyEvent",
  options: HTTP_OPTIONS,
  build: (values): APIGatewayProxyEvent => {
    const request = httpRequest(values, `${API_ID}.execute-api.${REGION}.amazonaws.com`);
    const requestId = sampleUuid(`apigw-rest ${request.method} ${request.path}`);
    return {
      resource: "/{proxy+}",
      path: request.path,
      httpMethod: request.method,
      headers: request.headers,
      multiValueHeaders: multiValueHeaders(request.headers),
      queryStringParameters: queryParameters(request.rawQuery) ?? null,
      multiValueQueryStringParameters: multiValueQueryParameters(request.rawQuery) ?? null,
      pathParameters: request.path === "/" ? null : { proxy: request.path.slice(1) },
      stageVariables: null,
      requestContext: {
        accountId: ACCOUNT,
        apiId: API_ID,
        authorizer: null,
        domainName: request.headers["host"] ?? `${API_ID}.execute-api.${REGION}.amazonaws.com`,
        domainPrefix: API_ID,
        extendedRequestId: "LgTzUGwvoAMEbxQ=",
        httpMethod: request.method,
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: request.sourceIp,
          user: null,
          userAgent: request.userAgent,
          userArn: null,
        },
        path: `/${STAGE}${request.path}`,
        protocol: "HTTP/1.1",
        requestId,
        requestTime: "01/Jun/2025:12:00:00 +0000",
        requestTimeEpoch: EPOCH_MS,
        resourceId: "x1y2z3",
        resourcePath: "/{proxy+}",
        stage: STAGE,
      },
      body: request.body ?? null,
      isBase64Encoded: false,
    };
  },
});
