// The flags the four HTTP-shaped events share (API Gateway REST and HTTP APIs, Function URLs,
// ALB), and the request they describe, before each event lays it out in its own shape.
import type { EventOption, OptionValues } from "./event-type.ts";
import { parseHeaders } from "./sample-values.ts";
import { UsageError } from "../errors.ts";

export const HTTP_OPTIONS = {
  method: { arg: "--method <verb>", description: "HTTP method", default: "GET" },
  path: { arg: "--path <path>", description: "request path", default: "/hello" },
  query: { arg: "--query <a=1&b=2>", description: "query string" },
  body: { arg: "--body <text>", description: "request body (a content-type header is added: JSON or text)" },
  headers: { arg: "--headers <json>", description: "extra headers as a JSON object" },
} as const satisfies Record<string, EventOption>;

export type HttpOptionKey = keyof typeof HTTP_OPTIONS;

export interface HttpRequest {
  method: string;
  path: string;
  /** Without the leading `?`; "" when there is none. */
  rawQuery: string;
  /** Names in lower case, as the HTTP APIs deliver them. */
  headers: Record<string, string>;
  body: string | undefined;
  cookies: string[];
  sourceIp: string;
  userAgent: string;
}

export function httpRequest(values: OptionValues<HttpOptionKey>, host: string): HttpRequest {
  const method = (values.method ?? "GET").toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw new UsageError(`--method must be an HTTP method, not ${JSON.stringify(values.method)}`);
  const path = values.path ?? "/";
  if (!path.startsWith("/")) throw new UsageError(`--path must start with '/', not ${JSON.stringify(path)}`);
  const rawQuery = (values.query ?? "").replace(/^\?/, "");
  const userAgent = "curl/8.5.0";
  const headers: Record<string, string> = { accept: "*/*", host, "user-agent": userAgent, "x-forwarded-for": "198.51.100.7", "x-forwarded-port": "443", "x-forwarded-proto": "https" };
  if (values.body !== undefined) {
    headers["content-type"] = isJson(values.body) ? "application/json" : "text/plain; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(values.body));
  }
  Object.assign(headers, parseHeaders(values.headers));
  const cookies = (headers["cookie"] ?? "").split(";").map((c) => c.trim()).filter((c) => c !== "");
  return { method, path, rawQuery, headers, body: values.body, cookies, sourceIp: "198.51.100.7", userAgent };
}

/** Single-value query parameters (the last value wins), or undefined when there are none. */
export function queryParameters(rawQuery: string): Record<string, string> | undefined {
  const params = new URLSearchParams(rawQuery);
  if ([...params.keys()].length === 0) return undefined;
  return Object.fromEntries(params);
}

export function multiValueQueryParameters(rawQuery: string): Record<string, string[]> | undefined {
  const params = new URLSearchParams(rawQuery);
  const out: Record<string, string[]> = {};
  for (const [key, value] of params) (out[key] ??= []).push(value);
  return Object.keys(out).length === 0 ? undefined : out;
}

export function multiValueHeaders(headers: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
