// Telemetry demo, function side: logs a line or two per invoke, which the telemetry-summary
// extension counts from the Telemetry API's function records.
import { serve } from "tslambda";

serve(async (event: { lines?: number }, context) => {
  const lines = Math.min(100, event.lines ?? 2);
  for (let i = 1; i <= lines; i++) console.log(`working on ${context.awsRequestId}: step ${i} of ${lines}`);
  return { requestId: context.awsRequestId, logged: lines };
});
