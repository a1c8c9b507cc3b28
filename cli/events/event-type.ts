// What one sample event type is: its name on the command line, the @types/aws-lambda type it
// satisfies, the flags that override the values that matter, and the factory that builds it.

export interface EventOption {
  /** Placeholder shown in --help: `--bucket <name>`. */
  arg: string;
  description: string;
  /** Shown in --help and passed to the factory when the flag is absent. */
  default?: string;
}

/** Flag values by option key (camelCase of the flag: `detailType` for `--detail-type`). */
export type OptionValues<K extends string> = { readonly [P in K]: string | undefined };

export interface EventType {
  /** `sqs`, `apigw-rest`, … */
  name: string;
  summary: string;
  /** The @types/aws-lambda type of the sample, e.g. `SQSEvent`. */
  awsType: string;
  options: Readonly<Record<string, EventOption>>;
  /** Builds the sample; throws UsageError for a bad flag value. Missing keys take defaults. */
  sample(values: Readonly<Record<string, string | undefined>>): unknown;
}

/** Ties a factory's parameter to its options, so each flag the factory reads is declared once. */
export function defineEventType<K extends string, E>(definition: {
  name: string;
  summary: string;
  awsType: string;
  options: Readonly<Record<K, EventOption>>;
  build: (values: OptionValues<K>) => E;
}): EventType {
  const { build, ...rest } = definition;
  return {
    ...rest,
    sample(values) {
      const filled = {} as Record<K, string | undefined>;
      for (const key of Object.keys(definition.options) as K[]) filled[key] = values[key] ?? definition.options[key].default;
      return build(filled);
    },
  };
}
