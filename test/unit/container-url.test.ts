import { describe, expect, it } from "vitest";
import { loopbackUrl } from "../helpers/container-url.ts";

describe("container URLs", () => {
  it("are built on loopback", () => {
    expect(loopbackUrl("127.0.0.1", 32768, "/2015-03-31/functions/function/invocations")).toBe("http://127.0.0.1:32768/2015-03-31/functions/function/invocations");
    expect(loopbackUrl("::1", 9000)).toBe("http://[::1]:9000/");
  });

  it("refuse a bridge or any other non-loopback host before anything is sent", () => {
    expect(() => loopbackUrl("172.17.0.1", 32768)).toThrow(/not loopback: set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1/);
    expect(() => loopbackUrl("10.0.0.5", 80)).toThrow(/not loopback/);
  });
});
