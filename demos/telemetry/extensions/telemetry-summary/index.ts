// Telemetry demo, extension side: subscribes to platform and function telemetry and prints one
// summary line per invoke (duration, memory, log lines seen): the shape of a log shipper.
import { registerExtension, subscribeTelemetry, TelemetryNotSupported, type TelemetryEvent } from "tslambda/extension";

const logLines = new Map<string, number>();
let current: string | undefined;

function handle(event: TelemetryEvent): void {
  switch (event.type) {
    case "platform.start":
      current = event.record.requestId;
      logLines.set(current, 0);
      break;
    case "function":
      if (current !== undefined) logLines.set(current, (logLines.get(current) ?? 0) + 1);
      break;
    case "platform.report": {
      const { requestId, status, metrics } = event.record;
      console.log(
        `summary ${requestId}: ${status}, duration ${metrics.durationMs.toFixed(2)} ms, billed ${metrics.billedDurationMs} ms, ` +
          `memory ${metrics.maxMemoryUsedMB}/${metrics.memorySizeMB} MB, ${logLines.get(requestId) ?? 0} log lines`,
      );
      logLines.delete(requestId);
      break;
    }
  }
}

await registerExtension({
  onInit: async () => {
    try {
      await subscribeTelemetry({ types: ["platform", "function"], buffering: { timeoutMs: 25 }, onEvents: (events) => events.forEach(handle) });
    } catch (error) {
      if (!(error instanceof TelemetryNotSupported)) throw error;
      console.log(`telemetry off: ${error.message}`);
    }
  },
});
