import { describe, expect, it } from "vitest";
import { MAX_RESPONSE_BYTES, ResponseSizeTooLarge, toErrorResponse, UncaughtFault } from "../../runtime/errors.ts";

describe("toErrorResponse", () => {
  it("uses the error's name, message and stack lines", () => {
    class PaymentDeclined extends Error {
      override name = "PaymentDeclined";
    }
    const shaped = toErrorResponse(new PaymentDeclined("card refused"));
    expect(shaped.errorType).toBe("PaymentDeclined");
    expect(shaped.errorMessage).toBe("card refused");
    expect(shaped.stackTrace[0]).toBe("PaymentDeclined: card refused");
    expect(shaped.stackTrace.length).toBeGreaterThan(1);
  });

  it("names a plain Error subclass by its constructor", () => {
    class QuotaExceeded extends Error {}
    expect(toErrorResponse(new QuotaExceeded("x")).errorType).toBe("QuotaExceeded");
    expect(toErrorResponse(new TypeError("t")).errorType).toBe("TypeError");
    expect(toErrorResponse(new Error("e")).errorType).toBe("Error");
  });

  it("shapes thrown non-errors", () => {
    expect(toErrorResponse("just a string")).toEqual({ errorType: "Error", errorMessage: "just a string", stackTrace: [] });
    expect(toErrorResponse({ code: 7 })).toEqual({ errorType: "Error", errorMessage: '{"code":7}', stackTrace: [] });
    expect(toErrorResponse(undefined)).toEqual({ errorType: "Error", errorMessage: "undefined", stackTrace: [] });
    const circular: Record<string, unknown> = {};
    circular["self"] = circular;
    expect(toErrorResponse(circular).errorMessage).toBe("[object Object]");
  });

  it("names the limit in the oversize error", () => {
    const shaped = toErrorResponse(new ResponseSizeTooLarge(7_000_000));
    expect(shaped.errorType).toBe("Function.ResponseSizeTooLarge");
    expect(shaped.errorMessage).toContain("7000000 bytes");
    expect(shaped.errorMessage).toContain(`${MAX_RESPONSE_BYTES} bytes`);
  });

  it("wraps process-level faults with the original message and stack", () => {
    const fault = new UncaughtFault("UnhandledPromiseRejection", new RangeError("out of range"));
    const shaped = toErrorResponse(fault);
    expect(shaped.errorType).toBe("Runtime.UnhandledPromiseRejection");
    expect(shaped.errorMessage).toBe("out of range");
    expect(shaped.stackTrace[0]).toBe("Runtime.UnhandledPromiseRejection: out of range");
  });
});
