// One invoke through the real loop and Runtime API client, against the fake Runtime API: what
// the loop and streaming unit tests share.
import { afterEach, beforeEach } from "vitest";
import { readConfig } from "../../runtime/config.ts";
import { formatText } from "../../runtime/logging/format.ts";
import { createLogger } from "../../runtime/logging/logger.ts";
import { handleNext } from "../../runtime/loop.ts";
import { RuntimeApi } from "../../runtime/routes.ts";
import { createTransport } from "../../runtime/transport/loopback-http.ts";
import type { Handler, ServeOptions } from "../../runtime/types.ts";
import { FakeRuntimeApi, invokeHeaders, type RecordedRequest } from "./fake-runtime-api.ts";

export class LoopHarness implements AsyncDisposable {
  readonly fake: FakeRuntimeApi;
  readonly api: RuntimeApi;
  /** Every log record the loop wrote. */
  readonly logs: string[] = [];

  private constructor(fake: FakeRuntimeApi) {
    this.fake = fake;
    this.api = new RuntimeApi(createTransport(fake.address));
  }

  static async start(): Promise<LoopHarness> {
    return new LoopHarness(await FakeRuntimeApi.start());
  }

  /** Runs one invoke and returns every POST the runtime has made so far. */
  async invoke(handler: Handler, event: { headers?: Record<string, string>; body?: string | Buffer } = {}, options: ServeOptions = {}): Promise<RecordedRequest[]> {
    this.fake.push({ headers: event.headers ?? invokeHeaders(), body: event.body ?? "{}" });
    await handleNext(
      {
        api: this.api,
        config: readConfig({ AWS_LAMBDA_RUNTIME_API: this.fake.address, AWS_LAMBDA_FUNCTION_NAME: "fn" }),
        logger: createLogger(formatText, (_level, record) => this.logs.push(record), undefined),
        handler,
        options,
        track: () => {},
      },
      await this.api.next(),
    );
    return this.fake.requests.filter((r) => r.method === "POST");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.api.close();
    await this.fake[Symbol.asyncDispose]();
  }
}

/** A fresh harness per test (vitest hooks), reached through the returned object. */
export function useLoopHarness(): Pick<LoopHarness, "fake" | "logs" | "invoke"> {
  let harness: LoopHarness | undefined;
  beforeEach(async () => {
    harness = await LoopHarness.start();
  });
  afterEach(() => harness?.[Symbol.asyncDispose]());
  return {
    get fake() {
      return harness!.fake;
    },
    get logs() {
      return harness!.logs;
    },
    invoke: (...args) => harness!.invoke(...args),
  };
}
