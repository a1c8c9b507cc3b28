// How an Error appears in log records, as AWS's Node.js runtime writes it. Two shapes, because
// AWS has two: JSON records carry `errorType`, `errorMessage` and a `stackTrace` array; the text
// line after "Invoke Error" / "Init Error" carries `errorType`, `errorMessage`, the error's own
// enumerable fields and a `stack` array. Frames are mapped to the TypeScript sources either way.
import { mapFrames } from "../stack/map-frames.ts";

export interface LoggedErrorFields {
  errorType: string;
  errorMessage: string;
  stackTrace: string[];
}

/** The error fields of a JSON record; the type is the constructor's name, as AWS logs it. */
export function loggedErrorFields(error: Error): LoggedErrorFields {
  return {
    errorType: error.constructor?.name ?? "UnknownError",
    errorMessage: error.message,
    stackTrace: stackLines(error),
  };
}

/** JSON.stringify replacer: any Error, however deep, becomes its fields plus its own properties. */
export function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { ...loggedErrorFields(value), ...value } : value;
}

/** A tab, then the error as one JSON object: what AWS prints after "Invoke Error". */
export function errorLineText(error: Error): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => (value instanceof Error ? textFields(value) : value))}`;
  } catch {
    // A circular or BigInt field: the essentials still get out.
    return `\t${JSON.stringify({ errorType: error.name, errorMessage: error.message, stack: stackLines(error) })}`;
  }
}

function textFields(error: Error): Record<string, unknown> {
  const code = (error as Error & { code?: unknown }).code;
  return { errorType: error.name, errorMessage: error.message, code, ...error, stack: stackLines(error) };
}

/** Anything thrown, as an Error (AWS logs a thrown string as an Error with that message). */
export function intoError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

function stackLines(error: Error): string[] {
  return typeof error.stack === "string" ? mapFrames(error.stack).split("\n") : [];
}
