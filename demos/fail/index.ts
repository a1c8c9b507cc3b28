// Fail: always throws. The runtime reports the error to Lambda and logs it with the request id.
import { serve } from "tslambda";

class DemoFailure extends Error {
  override readonly name = "DemoFailure";
}

serve(async (event: { message?: string }) => {
  throw new DemoFailure(event.message ?? "the fail demo always fails");
});
