// The invoke payload from exactly one of --data, --data-file (or `-` for stdin) and --event.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { text } from "node:stream/consumers";
import { sampleEvent } from "../events/catalog.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "../io.ts";

export interface PayloadSource {
  data?: string | undefined;
  dataFile?: string | undefined;
  event?: string | undefined;
  stdin?: boolean;
}

export async function readPayload(source: PayloadSource, io: Io): Promise<string> {
  const given = [
    source.data !== undefined && "--data",
    source.dataFile !== undefined && "--data-file",
    source.event !== undefined && "--event",
    source.stdin === true && "-",
  ].filter((flag) => flag !== false);
  if (given.length > 1) throw new UsageError(`give one payload, not ${given.join(" and ")}`);
  if (source.event !== undefined) return JSON.stringify(sampleEvent(source.event));
  // Without a payload Lambda hands the function an empty JSON object.
  if (given.length === 0) return "{}";
  let payload: string;
  let from: string;
  if (source.data !== undefined) {
    payload = source.data;
    from = "--data";
  } else if (source.dataFile === undefined || source.dataFile === "-") {
    payload = await text(io.stdin);
    from = "standard input";
  } else {
    const path = resolve(io.cwd, source.dataFile);
    payload = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--data-file ${source.dataFile}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    });
    from = source.dataFile;
  }
  // Lambda's Invoke takes JSON only; say so here rather than relay an error from the function.
  try {
    JSON.parse(payload);
  } catch (error) {
    throw new UsageError(`the payload from ${from} is not JSON: ${(error as Error).message}`);
  }
  return payload;
}
