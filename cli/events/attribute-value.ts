// Plain JSON to DynamoDB's typed AttributeValue form, for the stream sample's keys and image.
import type { AttributeValue } from "aws-lambda";

export function toAttributeValue(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === "string") return { S: value };
  if (typeof value === "number") return { N: String(value) };
  if (typeof value === "boolean") return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttributeValue) };
  return { M: toItem(value as Record<string, unknown>) };
}

export function toItem(object: Record<string, unknown>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, toAttributeValue(value)]));
}
