// Extension demo, function side: answers with its request id. An internal extension (in this
// process) counts the invokes it sees; onShutdown() runs when Lambda sends SIGTERM, which it
// does because the external extension (extensions/invocation-counter) is registered.
import { log, onShutdown, serve } from "tslambda";
import { registerExtension } from "tslambda/extension";

let seen = 0;
void registerExtension({
  name: "in-process-counter",
  internal: true,
  onInvoke: () => void (seen += 1),
});

onShutdown(() => log.info(`function shutting down after ${seen} invokes seen in-process`));

serve(async (event: unknown, context) => ({ requestId: context.awsRequestId, seenInProcess: seen, event }));
