import { describe, expect, it } from "vitest";
import { ImportModuleError, MAX_RESPONSE_BYTES, ResponseSizeTooLarge, toErrorResponse, UncaughtFault, UserCodeSyntaxError } from "../../runtime/errors.ts";
import { loadFunctionModule } from "../../runtime/load-module.ts";

describe("toErrorResponse", () => {
  it("uses the error's name, message and stack lines", () => {
    class PaymentDeclined extends Error {
      override name = "PaymentDeclined";
    }
    const shaped = toErrorResponse(new PaymentDeclined("card refused"));
    expect(shaped.errorType).toBe("PaymentDeclined");
    expect(shaped.errorMessage).toBe("card refused");
    expect(shaped.trace[0]).toBe("PaymentDeclined: card refused");
    expect(shaped.trace.length).toBeGreaterThan(1);
  });

  it("names a plain Error subclass by its constructor", () => {
    class QuotaExceeded extends Error {}
    expect(toErrorResponse(new QuotaExceeded("x")).errorType).toBe("QuotaExceeded");
    expect(toErrorResponse(new TypeError("t")).errorType).toBe("TypeError");
    expect(toErrorResponse(new Error("e")).errorType).toBe("Error");
  });

  it("shapes thrown non-errors", () => {
    expect(toErrorResponse("just a string")).toEqual({ errorType: "Error", errorMessage: "just a string", trace: [] });
    expect(toErrorResponse({ code: 7 })).toEqual({ errorType: "Error", errorMessage: '{"code":7}', trace: [] });
    expect(toErrorResponse(undefined)).toEqual({ errorType: "Error", errorMessage: "undefined", trace: [] });
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
    expect(shaped.trace[0]).toBe("Runtime.UnhandledPromiseRejection: out of range");
  });
});

describe("init errors, classified as AWS's Node.js runtime does", () => {
  it("sends the error body as {errorType, errorMessage, trace}", () => {
    expect(Object.keys(toErrorResponse(new Error("x")))).toEqual(["errorType", "errorMessage", "trace"]);
  });

  it("a module that cannot be found is Runtime.ImportModuleError carrying the cause's text", async () => {
    const missing = loadFunctionModule(() => import(["./no", "such-module.mjs"].join("-")));
    const error = await missing.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ImportModuleError);
    expect(toErrorResponse(error)).toMatchObject({ errorType: "Runtime.ImportModuleError", errorMessage: expect.stringMatching(/^Error: Cannot find module /) });
  });

  it("code that does not parse is Runtime.UserCodeSyntaxError with the SyntaxError's own frames", async () => {
    const error = await loadFunctionModule(async () => JSON.parse("{")).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserCodeSyntaxError);
    const shaped = toErrorResponse(error);
    expect(shaped.errorType).toBe("Runtime.UserCodeSyntaxError");
    expect(shaped.errorMessage).toMatch(/^SyntaxError: /);
    expect(shaped.trace[0]).toMatch(/^SyntaxError: /);
  });

  it("an error thrown at the module's top level is reported as itself", async () => {
    class ConfigMissing extends Error {
      override name = "ConfigMissing";
    }
    const thrown = new ConfigMissing("TABLE_NAME is not set");
    const error = await loadFunctionModule(async () => { throw thrown; }).then(() => undefined, (e: unknown) => e);
    expect(error).toBe(thrown);
    expect(toErrorResponse(error)).toMatchObject({ errorType: "ConfigMissing", errorMessage: "TABLE_NAME is not set", trace: thrown.stack!.split("\n") });
  });
});
