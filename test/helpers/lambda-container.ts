// Runs a built Lambda image with testcontainers: our own emulator (the image's entrypoint) or,
// when AWS_LAMBDA_RIE points at AWS's emulator binary, that one in front of
// /var/runtime/bootstrap. Readiness comes from the log or an HTTP answer: the image has no shell.
import type { Readable } from "node:stream";
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from "testcontainers";
import { containerUrl } from "./container-url.ts";
import { invokeOver, type InvokeOptions, type InvokeResponse } from "./local-function.ts";

export const INVOKE_PORT = 8080;
const RIE_PATH_IN_CONTAINER = "/usr/local/bin/aws-lambda-rie";

export type Emulator = "tslambda" | "aws-rie";

export class LambdaContainer extends GenericContainer {
  readonly #lines: string[] = [];
  #emulator: Emulator = "tslambda";

  constructor(image: string) {
    super(image);
    this.withExposedPorts(INVOKE_PORT)
      .withStartupTimeout(120_000)
      .withWaitStrategy(Wait.forLogMessage(/tslambda emulator: invoke API on/))
      .withLogConsumer((stream: Readable) => this.#collect(stream));
  }

  /** Runs AWS's Runtime Interface Emulator binary (a host path) in front of the bootstrap. */
  withAwsRie(binary: string): this {
    this.#emulator = "aws-rie";
    return this.withCopyFilesToContainer([{ source: binary, target: RIE_PATH_IN_CONTAINER, mode: 0o755 }])
      .withEntrypoint([RIE_PATH_IN_CONTAINER, "--runtime-interface-emulator-address", `0.0.0.0:${INVOKE_PORT}`, "/var/runtime/bootstrap"])
      .withWaitStrategy(Wait.forHttp("/", INVOKE_PORT).forStatusCode(404));
  }

  withFunctionEnv(env: Record<string, string>): this {
    return this.withEnvironment(env);
  }

  override async start(): Promise<StartedLambdaContainer> {
    return new StartedLambdaContainer(await super.start(), this.#lines, this.#emulator);
  }

  #collect(stream: Readable): void {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      this.#lines.push(...parts);
    });
  }
}

export class StartedLambdaContainer extends AbstractStartedContainer {
  readonly #lines: string[];
  readonly emulator: Emulator;

  constructor(started: StartedTestContainer, lines: string[], emulator: Emulator) {
    super(started);
    this.#lines = lines;
    this.emulator = emulator;
  }

  /** Ports are published on loopback only; talk to them there. */
  getInvokeUrl(): string {
    return containerUrl(this, INVOKE_PORT, "/2015-03-31/functions/function/invocations");
  }

  getStreamingInvokeUrl(): string {
    return containerUrl(this, INVOKE_PORT, "/2021-11-15/functions/function/response-streaming-invocations");
  }

  /** Any other published port of the container. */
  url(port: number, path = "/"): string {
    return containerUrl(this, port, path);
  }

  /** Every line the container printed so far. */
  lines(): string[] {
    return [...this.#lines];
  }

  linesFor(requestId: string): string[] {
    return this.#lines.filter((line) => line.includes(requestId));
  }

  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const line = this.#lines.find((l) => pattern.test(l));
      if (line !== undefined) return line;
      if (Date.now() > until) throw new Error(`no log line matched ${pattern} in ${timeoutMs} ms:\n${this.#lines.join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  invoke(event: unknown, options: InvokeOptions = {}): Promise<InvokeResponse> {
    return invokeOver(this.getInvokeUrl(), event, options);
  }

  override async [Symbol.asyncDispose](): Promise<void> {
    await this.stop({ timeout: 2_000 });
  }
}
