// The local emulator: the invoke API for callers, routed by function name, and per function an
// execution environment with its own Runtime API, an optional Function-URL-like front, and the
// platform's log lines. Its own entry point, loaded only when there is no Lambda around.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createFunctionUrlServer } from "./function-url-server.ts";
import { FunctionRegistry } from "./function-registry.ts";
import type { EmulatorConfig, FunctionSpec } from "./function-spec.ts";
import { createInvokeServer, type ServerSettings } from "./invoke-server.ts";
import { printLine } from "./stdout-lines.ts";

export interface RunningEmulator {
  /** http://host:port of the invoke API. */
  url: string;
  /** http://host:port of the Function-URL-like front of the first function, when it has one. */
  functionUrl: string | undefined;
  /** Each function's Function-URL-like front, by name. */
  functionUrls: ReadonlyMap<string, string>;
  /** Names of the functions served now. */
  readonly names: string[];
  /** Invokes of `name` that arrive from now on wait (the running one goes on) until release or restart. */
  hold(name: string): void;
  /** Lets `name`'s waiting invokes run on its current runtime (the rebuild failed or changed nothing). */
  release(name: string): void;
  /** `name`'s next invoke, and every one waiting, runs on a fresh runtime (with `spec` when given); releases a hold. */
  restart(name: string, spec?: FunctionSpec): Promise<void>;
  /** Serves one more function. */
  add(spec: FunctionSpec): Promise<void>;
  /** Stops serving `name` once its waiting invokes have run. */
  remove(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulator(config: EmulatorConfig, print: (line: string) => void = printLine): Promise<RunningEmulator> {
  const registry = new FunctionRegistry({ maxQueuedInvokes: config.maxQueuedInvokes, print });
  const settings: ServerSettings = { limits: config.limits, log: print };
  const fronts = new Map<string, { server: Server; url: string }>();
  const single = config.functions.length === 1;

  const add = async (spec: FunctionSpec) => {
    const fn = await registry.add(spec);
    if (spec.functionUrl) {
      const server = createFunctionUrlServer(fn, settings);
      const url = urlOf(spec.functionUrl.host, await listen(server, spec.functionUrl.port, spec.functionUrl.host));
      fronts.set(spec.name, { server, url });
      print(single ? `tslambda emulator: function URL on ${url}/` : `tslambda emulator: function URL of ${spec.name} on ${url}/`);
    }
  };
  for (const spec of config.functions) await add(spec);

  const invokeServer = createInvokeServer(registry, settings);
  const url = urlOf(config.host, await listen(invokeServer, config.port, config.host));
  for (const spec of config.functions) {
    const path = `${url}/2015-03-31/functions/${single ? "function" : encodeURIComponent(spec.name)}/invocations`;
    const name = single ? `function ${spec.name}, ` : "";
    print(`tslambda emulator: invoke API on ${path} (${name}timeout ${spec.timeoutSeconds} s, memory ${spec.memorySizeMB} MB)`);
  }

  return {
    url,
    get functionUrl() {
      return config.functions[0] === undefined ? undefined : fronts.get(config.functions[0].name)?.url;
    },
    get functionUrls() {
      return new Map([...fronts].map(([name, front]) => [name, front.url]));
    },
    get names() {
      return registry.names;
    },
    hold: (name) => registry.get(name).hold(),
    release: (name) => registry.get(name).release(),
    restart: (name, spec) => registry.get(name).restart(spec),
    add,
    async remove(name) {
      await registry.remove(name);
      const front = fronts.get(name);
      fronts.delete(name);
      if (front) await closeServer(front.server);
    },
    async close() {
      await registry.closeAll();
      await Promise.all([closeServer(invokeServer), ...[...fronts.values()].map((front) => closeServer(front.server))]);
    },
  };
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
