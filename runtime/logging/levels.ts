// Application log levels, in Lambda's order, with the telemetry-frame level masks (PROTOCOL §5.3).

export const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
export type LogLevel = (typeof LEVELS)[number];

export const LEVEL_FRAME_MASK: Record<LogLevel, number> = {
  TRACE: 0x04,
  DEBUG: 0x08,
  INFO: 0x0c,
  WARN: 0x10,
  ERROR: 0x14,
  FATAL: 0x18,
};

/** Parses AWS_LAMBDA_LOG_LEVEL; unknown or absent values mean no filtering below TRACE. */
export function parseLevel(value: string | undefined): LogLevel | undefined {
  const upper = value?.trim().toUpperCase();
  return LEVELS.find((level) => level === upper);
}

export function isEnabled(level: LogLevel, threshold: LogLevel | undefined): boolean {
  return threshold === undefined || LEVELS.indexOf(level) >= LEVELS.indexOf(threshold);
}
