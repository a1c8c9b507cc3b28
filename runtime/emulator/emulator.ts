// The local emulator: the invoke API for callers, the Runtime API for one bootstrap process, and
// the platform's log lines. Its own entry point, loaded only when there is no Lambda around.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createFunctionUrlServer } from "./function-url-server.ts";
import { createInvokeServer } from "./invoke-server.ts";
import type { EmulatorOptions } from "./options.ts";
import { startRuntimeApiServer } from "./runtime-api-server.ts";
import { Sandbox } from "./sandbox.ts";

export interface RunningEmulator {
  /** http://host:port of the invoke API. */
  url: string;
  /** http://host:port of the Function-URL-like front, when enabled. */
  functionUrl: string | undefined;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<RunningEmulator> {
  const sandbox = new Sandbox(options, print);
  const runtimeApi = await startRuntimeApiServer(sandbox, print);
  sandbox.runtimeApi = runtimeApi.hostPort;
  const settings = { limits: options.limits, log: print };
  const invokeServer = createInvokeServer(sandbox, options.functionVersion, settings);
  await new Promise<void>((resolve, reject) => {
    invokeServer.once("error", reject);
    invokeServer.listen(options.port, options.host, resolve);
  });
  const url = urlOf(options.host, (invokeServer.address() as AddressInfo).port);
  let functionUrlServer: Server | undefined;
  let functionUrl: string | undefined;
  if (options.functionUrl) {
    functionUrlServer = createFunctionUrlServer(sandbox, settings);
    await new Promise<void>((resolve, reject) => {
      functionUrlServer!.once("error", reject);
      functionUrlServer!.listen(options.functionUrl!.port, options.functionUrl!.host, resolve);
    });
    functionUrl = urlOf(options.functionUrl.host, (functionUrlServer.address() as AddressInfo).port);
    print(`tslambda emulator: function URL on ${functionUrl}/`);
  }
  print(
    `tslambda emulator: invoke API on ${url}/2015-03-31/functions/function/invocations ` +
      `(function ${options.functionName}, timeout ${options.timeoutSeconds} s, memory ${options.memorySizeMB} MB)`,
  );
  return {
    url,
    functionUrl,
    async close() {
      await sandbox.shutdown();
      await Promise.all([closeServer(invokeServer), closeServer(runtimeApi.server), ...(functionUrlServer ? [closeServer(functionUrlServer)] : [])]);
    },
  };
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
