import { once } from "node:events";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";

describe("tslambda command line", () => {
  it("--help lists every command and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    for (const name of ["init", "events", "invoke"]) expect(stdout).toMatch(new RegExp(`^  ${name} `, "m"));
  });

  for (const name of ["init", "events", "invoke"]) {
    it(`${name} --help prints its usage and exits 0`, async () => {
      const { code, stdout } = await runCli([name, "--help"]);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: tslambda ${name}`);
      const viaHelp = await runCli(["help", name]);
      expect(viaHelp.stdout).toBe(stdout);
    });
  }

  it("no command prints the help to stderr and exits 2", async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: tslambda");
  });

  it("an unknown command or flag is one line and a hint, exit 2", async () => {
    const command = await runCli(["deploy"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toBe("error: unknown command 'deploy'\n(run `tslambda --help` for usage)\n");
    const flag = await runCli(["invoke", "--dta", "{}"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: unknown option '--dta'\n\(Did you mean --data\?\)\n\(run `tslambda invoke --help` for usage\)\n$/);
  });

  it("--version prints the package version", async () => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("invoke rejects bad input before sending anything", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["invoke", "--data", "{nope"], /^error: the payload from --data is not JSON/],
      [["invoke", "--data", "{}", "--event", "sqs"], /^error: give one payload, not --data and --event/],
      [["invoke", "--event", "sqs2"], /^error: unknown event type "sqs2"/],
      [["invoke", "bad name!"], /^error: "bad name!" is not a function name/],
      [["invoke", "--endpoint", "localhost:8080"], /^error: --endpoint must be http:\/\/ or https:\/\/|^error: --endpoint must be a URL/],
      [["invoke", "--data-file", "/nonexistent/event.json"], /^error: --data-file \/nonexistent\/event.json: no such file/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr, args.join(" ")).toMatch(message);
    }
  });

  it("invoke exits 1 with a clear line when nothing listens at the endpoint", async () => {
    // A port that was free a moment ago.
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, "close");
    const { code, stderr } = await runCli(["invoke", "--endpoint", `http://127.0.0.1:${port}`, "--data", "{}"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^error: cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
  });
});
