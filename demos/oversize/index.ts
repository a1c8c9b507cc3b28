// Oversize: returns `bytes` bytes of text (default 7 MiB, over Lambda's 6 MB response limit).
// The runtime refuses to send it, reports Function.ResponseSizeTooLarge and keeps serving.
import { serve } from "tslambda";

const DEFAULT_BYTES = 7 * 1024 * 1024;

serve(async (event: { bytes?: number }) => "x".repeat(Math.max(0, (event.bytes ?? DEFAULT_BYTES) - 2)));
