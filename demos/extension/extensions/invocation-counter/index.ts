// Extension demo, external side (/opt/extensions/invocation-counter): counts invokes and the
// traced ones, and prints a one-line summary at SHUTDOWN, the shape of a metrics flusher.
import { registerExtension } from "tslambda/extension";

const requestIds: string[] = [];
let traced = 0;

await registerExtension({
  onInit: ({ functionName }) => console.log(`registered for ${functionName}`),
  onInvoke: (event) => {
    requestIds.push(event.requestId);
    if (event.tracing) traced += 1;
    console.log(`INVOKE ${event.requestId}`);
  },
  onShutdown: (event) => {
    console.log(`summary: ${requestIds.length} invokes (${traced} traced), shutdown reason ${event.shutdownReason}, last ${requestIds.at(-1) ?? "none"}`);
  },
});
