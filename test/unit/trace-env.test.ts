// process.env._X_AMZN_TRACE_ID without the C environment: the Proxy must read, list, set and
// delete like a variable, and leave every other name to the real environment.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { installTraceEnv, setTraceEnv } from "../../runtime/trace-env.ts";

const NAME = "_X_AMZN_TRACE_ID";
const childSees = (name: string) => execFileSync(process.execPath, ["-e", `process.stdout.write(process.env.${name} ?? "none")`], { encoding: "utf8" });

describe("the trace header in process.env", () => {
  it("reads, lists and spreads as a variable, and reaches child processes, while set", () => {
    installTraceEnv();
    setTraceEnv("Root=1-a-b;Sampled=1");
    expect(process.env[NAME]).toBe("Root=1-a-b;Sampled=1");
    expect(NAME in process.env).toBe(true);
    expect(Object.hasOwn(process.env, NAME)).toBe(true);
    expect(Object.keys(process.env)).toContain(NAME);
    expect({ ...process.env }[NAME]).toBe("Root=1-a-b;Sampled=1");
    expect(JSON.parse(JSON.stringify(process.env))[NAME]).toBe("Root=1-a-b;Sampled=1");
    expect(childSees(NAME)).toBe("Root=1-a-b;Sampled=1");

    setTraceEnv(undefined);
    expect(process.env[NAME]).toBeUndefined();
    expect(NAME in process.env).toBe(false);
    expect(Object.keys(process.env)).not.toContain(NAME);
    expect(childSees(NAME)).toBe("none");
  });

  it("takes the function's own assignments, deletions and definitions, as strings", () => {
    installTraceEnv();
    process.env[NAME] = 42 as unknown as string;
    expect(process.env[NAME]).toBe("42");
    Object.defineProperty(process.env, NAME, { value: "defined", writable: true, enumerable: true, configurable: true });
    expect(process.env[NAME]).toBe("defined");
    expect(() => Object.defineProperty(process.env, NAME, { get: () => "x" })).toThrow(TypeError);
    delete process.env[NAME];
    expect(process.env[NAME]).toBeUndefined();
  });

  it("leaves every other name to the real environment", () => {
    installTraceEnv();
    process.env["TSLAMBDA_TRACE_ENV_TEST"] = "real";
    expect(childSees("TSLAMBDA_TRACE_ENV_TEST")).toBe("real");
    expect(Object.keys(process.env)).toContain("TSLAMBDA_TRACE_ENV_TEST");
    delete process.env["TSLAMBDA_TRACE_ENV_TEST"];
    expect(childSees("TSLAMBDA_TRACE_ENV_TEST")).toBe("none");
    expect(process.env["PATH"]).toBeTruthy();
  });
});
