// The Extensions API (2020-01-01), one method per route, on the same transport as the runtime.
import type { ErrorResponse } from "../errors.ts";
import type { Transport, TransportResponse } from "../transport/transport.ts";
import type { ExtensionEvent, ExtensionEventType, Registration } from "./types.ts";

const BASE = "/2020-01-01/extension";

export class ExtensionApiError extends Error {
  override readonly name = "Extension.ApiError";
}

export class ExtensionApi {
  readonly #transport: Transport;
  #identifier = "";

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  // POST /2020-01-01/extension/register
  async register(name: string, events: readonly ExtensionEventType[]): Promise<Registration> {
    const res = await this.#transport.send({
      method: "POST",
      path: `${BASE}/register`,
      headers: { "lambda-extension-name": name, "lambda-extension-accept-feature": "accountId", "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    expectStatus(res, 200, "register");
    const identifier = res.headers["lambda-extension-identifier"];
    if (typeof identifier !== "string" || identifier === "") throw new ExtensionApiError("register answered without Lambda-Extension-Identifier");
    this.#identifier = identifier;
    return { identifier, ...(JSON.parse(res.body.toString("utf8")) as Omit<Registration, "identifier">) };
  }

  // GET /2020-01-01/extension/event/next — long poll, no client timeout
  async next(): Promise<ExtensionEvent> {
    const res = await this.#transport.send({ method: "GET", path: `${BASE}/event/next`, headers: { "lambda-extension-identifier": this.#identifier } });
    expectStatus(res, 200, "event/next");
    return JSON.parse(res.body.toString("utf8")) as ExtensionEvent;
  }

  // POST /2020-01-01/extension/init/error
  initError(errorType: string, error: ErrorResponse): Promise<TransportResponse> {
    return this.#reportError("init", errorType, error);
  }

  // POST /2020-01-01/extension/exit/error
  exitError(errorType: string, error: ErrorResponse): Promise<TransportResponse> {
    return this.#reportError("exit", errorType, error);
  }

  #reportError(phase: "init" | "exit", errorType: string, error: ErrorResponse): Promise<TransportResponse> {
    return this.#transport.send({
      method: "POST",
      path: `${BASE}/${phase}/error`,
      headers: { "lambda-extension-identifier": this.#identifier, "lambda-extension-function-error-type": errorType, "content-type": "application/json" },
      body: JSON.stringify(error),
    });
  }

  close(): void {
    this.#transport.close();
  }
}

function expectStatus(res: TransportResponse, status: number, route: string): void {
  if (res.status !== status) throw new ExtensionApiError(`${route} answered ${res.status}: ${res.body.toString("utf8").slice(0, 300)}`);
}
