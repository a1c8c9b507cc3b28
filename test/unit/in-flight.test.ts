// Which invoke a process-level fault belongs to, with one or many invokes in flight.
import { describe, expect, it } from "vitest";
import { InFlight } from "../../runtime/in-flight.ts";
import type { Invocation } from "../../runtime/invocation.ts";
import { runInInvoke } from "../../runtime/invoke-store.ts";

const invocation = (requestId: string) => ({ requestId }) as Invocation;
const inInvoke = <T>(requestId: string, fn: () => T) => runInInvoke({ requestId, traceId: undefined, tenantId: undefined }, fn);

describe("InFlight", () => {
  it("gives the invoke whose async context raised the fault, among several", () => {
    const inFlight = new InFlight();
    const [a, b] = [invocation("a"), invocation("b")];
    inFlight.track(a, true);
    inFlight.track(b, true);
    expect(inInvoke("b", () => inFlight.current(true))).toBe(b);
    expect(inFlight.current(true)).toBeUndefined();
  });

  it("blames the only invoke running for a fault from an ended invoke, unless strict", () => {
    const inFlight = new InFlight();
    const running = invocation("running");
    inFlight.track(invocation("ended"), true);
    inFlight.track(invocation("ended"), false);
    inFlight.track(running, true);
    // Classic mode: one invoke at a time, the one running is the best answer (as AWS's runtime).
    expect(inInvoke("ended", () => inFlight.current())).toBe(running);
    // Managed Instances fail only the invoke a rejection came from: an ended one is nobody's.
    expect(inInvoke("ended", () => inFlight.current(true))).toBeUndefined();
    expect(inFlight.current(true)).toBe(running);
  });
});
