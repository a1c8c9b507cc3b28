// Echo: returns the event. JSON by default; ECHO_MODE=raw passes any bytes through unchanged.
import { serve } from "tslambda";

if (process.env["ECHO_MODE"] === "raw") {
  serve(async (bytes) => bytes, { mode: "raw" });
} else {
  serve(async (event: unknown) => event);
}
