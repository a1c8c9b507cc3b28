// `tslambda events [TYPE] [--flags]`: lists the sample event types, or prints one as JSON with
// the values that matter overridable by flags. Each type is a subcommand, so its --help shows
// exactly its flags.
import { Command, Option } from "commander";
import type { CommandFactory } from "../command.ts";
import { EVENT_TYPES } from "../events/catalog.ts";
import type { EventType } from "../events/event-type.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "../io.ts";

export const eventsCommand: CommandFactory = (io) => {
  const command = new Command("events")
    .summary("print a sample event (API Gateway, SQS, S3, …) as JSON")
    .description("Print a sample Lambda event as JSON, shaped like @types/aws-lambda's types.\nWith no TYPE, list the types. `tslambda events TYPE --help` shows the flags of a type.")
    .argument("[type]", "event type")
    .addHelpText("after", `\nTypes:\n${typeTable()}\n\nExamples:\n  tslambda events sqs --message '{"id":1}' > event.json\n  tslambda events apigw-http --method POST --path /orders --body '{"sku":"A1"}'`)
    .action((type: string | undefined) => {
      if (type !== undefined) throw new UsageError(`unknown event type ${JSON.stringify(type)} (types: ${EVENT_TYPES.map((t) => t.name).join(", ")})`);
      io.stdout.write(`${typeTable()}\n`);
    });
  for (const type of EVENT_TYPES) command.addCommand(typeCommand(type, io));
  return command;
};

function typeCommand(type: EventType, io: Io): Command {
  const command = new Command(type.name).description(`${type.summary}, printed as JSON (satisfies ${type.awsType})`);
  for (const option of Object.values(type.options)) {
    const added = new Option(option.arg, option.description);
    command.addOption(option.default === undefined ? added : added.default(option.default));
  }
  return command.action((values: Record<string, string | undefined>) => {
    io.stdout.write(`${JSON.stringify(type.sample(values), null, 2)}\n`);
  });
}

function typeTable(): string {
  const width = Math.max(...EVENT_TYPES.map((t) => t.name.length));
  return EVENT_TYPES.map((t) => `  ${t.name.padEnd(width)}  ${t.summary} (${t.awsType})`).join("\n");
}
