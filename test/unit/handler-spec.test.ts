import { describe, expect, it } from "vitest";
import { parseHandlerSpec } from "../../runtime/handler-spec.ts";

describe("parseHandlerSpec", () => {
  it("splits module and export at the first dot after the last slash", () => {
    expect(parseHandlerSpec("index.handler")).toEqual({ module: "index", exportPath: ["handler"] });
    expect(parseHandlerSpec("src/app.handler")).toEqual({ module: "src/app", exportPath: ["handler"] });
    expect(parseHandlerSpec("index.handlers.main")).toEqual({ module: "index", exportPath: ["handlers", "main"] });
    expect(parseHandlerSpec("v1.2/app.handler")).toEqual({ module: "v1.2/app", exportPath: ["handler"] });
  });

  it("rejects specs AWS rejects, as Runtime.MalformedHandlerName", () => {
    for (const bad of ["index", "index.", ".handler", "src/", "../up.handler", "a/../b.handler", "index..x"]) {
      expect(() => parseHandlerSpec(bad), bad).toThrow(expect.objectContaining({ name: "Runtime.MalformedHandlerName" }));
    }
  });
});
