// `tslambda invoke [name]`: invokes a function on a running emulator and prints the result;
// exits 1 on a function error.
import { Command, Option } from "commander";
import type { CommandFactory } from "../command.ts";
import { CommandFailed, UsageError } from "../errors.ts";
import { invokeBuffered, invokeStreaming } from "../invoke/invoke-client.ts";
import { readPayload } from "../invoke/payload.ts";
import { FUNCTION_NAME } from "../validate-config.ts";

export const DEFAULT_ENDPOINT = "http://127.0.0.1:8080";

interface InvokeFlags {
  data?: string;
  dataFile?: string;
  event?: string;
  stream?: boolean;
  tail?: boolean;
  endpoint: string;
}

export const invokeCommand: CommandFactory = (io) =>
  new Command("invoke")
    .summary("invoke a function on a running emulator")
    .description(
      "Invoke a function on a running emulator and print its result to stdout.\n" +
        "On a function error the error goes to stderr and the exit code is 1.",
    )
    .argument("[name]", "function name (the emulator answers to any name)", "function")
    .argument("[-]", "read the payload from standard input")
    .option("-d, --data <json>", "payload as JSON text")
    .option("-f, --data-file <file>", "payload from a JSON file (- for standard input)")
    .option("-e, --event <type>", "a sample event as payload (see tslambda events)")
    .option("-s, --stream", "use InvokeWithResponseStream and print chunks as they arrive")
    .option("-t, --tail", "print the end of the function's log (X-Amz-Log-Type: Tail) to stderr")
    .addOption(new Option("--endpoint <url>", "the emulator's invoke API").default(DEFAULT_ENDPOINT).env("TSLAMBDA_ENDPOINT"))
    .addHelpText(
      "after",
      "\nWith no payload the function gets {}.\n\nExamples:\n" +
        "  tslambda invoke hello --data '{\"name\":\"Ada\"}'\n" +
        "  tslambda events sqs | tslambda invoke hello -\n" +
        "  tslambda invoke --event apigw-http --tail\n" +
        "  tslambda invoke stream --stream",
    )
    .action(async (nameArg: string, dash: string | undefined, flags: InvokeFlags) => {
      // `tslambda invoke -` reads stdin for the default function.
      const stdin = nameArg === "-" || dash === "-";
      const name = nameArg === "-" ? "function" : nameArg;
      if (dash !== undefined && dash !== "-") throw new UsageError(`unexpected argument ${JSON.stringify(dash)} (only '-' may follow the name)`);
      if (!FUNCTION_NAME.test(name)) throw new UsageError(`${JSON.stringify(name)} is not a function name (1 to 64 letters, digits, '-' or '_')`);
      const endpoint = parseEndpoint(flags.endpoint);
      const payload = await readPayload({ data: flags.data, dataFile: flags.dataFile, event: flags.event, stdin }, io);
      const request = { endpoint, functionName: name, payload, tail: flags.tail === true };
      const outcome = flags.stream ? await invokeStreaming(request, io) : await invokeBuffered(request, io);
      // The error is printed already; the exit code says the rest.
      if (outcome === "function-error") throw new CommandFailed("");
    });

function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint must be a URL like ${DEFAULT_ENDPOINT}, not ${JSON.stringify(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`--endpoint must be http:// or https://, not ${url.protocol}`);
  return url.href;
}
