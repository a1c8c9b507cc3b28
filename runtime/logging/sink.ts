// Where records go. With _LAMBDA_TELEMETRY_LOG_FD each record is one frame on that fd, so a
// multi-line message stays one CloudWatch event; otherwise stdout, where Lambda splits events at
// "\n", so newlines inside a record become "\r" (PROTOCOL §5.2, §5.3).
import type * as Fs from "node:fs";
import type { LogFormat } from "../config.ts";
import { unpooled } from "../unpooled.ts";
import { LEVEL_FRAME_MASK, type LogLevel } from "./levels.ts";

export type Sink = (level: LogLevel, record: string) => void;

const FRAME_TEXT = 0xa55a0003;
const FRAME_JSON = 0xa55a0002;

/** Takes the telemetry fd from the environment (and removes it, so children don't inherit it). */
export function createSink(format: LogFormat, env: NodeJS.ProcessEnv = process.env): Sink {
  const fdText = env["_LAMBDA_TELEMETRY_LOG_FD"];
  if (fdText !== undefined) {
    delete env["_LAMBDA_TELEMETRY_LOG_FD"];
    const fd = Number(fdText);
    if (Number.isInteger(fd) && fd >= 0) return frameSink(fd, format);
  }
  return stdoutSink;
}

export function frameSink(fd: number, format: LogFormat): Sink {
  const fs = process.getBuiltinModule("node:fs") as typeof Fs;
  const base = format === "json" ? FRAME_JSON : FRAME_TEXT;
  return (level, record) => {
    const length = Buffer.byteLength(record, "utf8");
    const frame = unpooled(16 + length);
    frame.writeUInt32BE((base | LEVEL_FRAME_MASK[level]) >>> 0, 0);
    frame.writeInt32BE(length, 4);
    frame.writeBigInt64BE(BigInt(Date.now()) * 1000n, 8);
    frame.write(record, 16, "utf8");
    fs.writeSync(fd, frame);
  };
}

export const stdoutSink: Sink = (_level, record) => {
  const trailing = record.endsWith("\n");
  const body = trailing ? record.slice(0, -1) : record;
  process.stdout.write(`${body.replaceAll("\n", "\r")}\n`);
};
