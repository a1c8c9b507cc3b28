// The local emulator: the invoke API for callers, the Runtime API for one bootstrap process, and
// the platform's log lines. Its own entry point, loaded only when there is no Lambda around.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createInvokeServer } from "./invoke-server.ts";
import type { EmulatorOptions } from "./options.ts";
import { startRuntimeApiServer } from "./runtime-api-server.ts";
import { Sandbox } from "./sandbox.ts";

export interface RunningEmulator {
  /** http://host:port of the invoke API. */
  url: string;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<RunningEmulator> {
  const sandbox = new Sandbox(options, print);
  const runtimeApi = await startRuntimeApiServer(sandbox);
  sandbox.runtimeApi = runtimeApi.hostPort;
  const invokeServer = createInvokeServer(sandbox, options.functionVersion);
  await new Promise<void>((resolve, reject) => {
    invokeServer.once("error", reject);
    invokeServer.listen(options.port, options.host, resolve);
  });
  const { port } = invokeServer.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  print(
    `tslambda emulator: invoke API on ${url}/2015-03-31/functions/function/invocations ` +
      `(function ${options.functionName}, timeout ${options.timeoutSeconds} s, memory ${options.memorySizeMB} MB)`,
  );
  return {
    url,
    async close() {
      await sandbox.shutdown();
      await Promise.all([closeServer(invokeServer), closeServer(runtimeApi.server)]);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
