// Runs the tslambda CLI in-process, as a user would type it, and collects what it printed.
import { PassThrough, Readable } from "node:stream";
import { run } from "../../cli/program.ts";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], options: { stdin?: string; cwd?: string } = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => out.push(chunk));
  stderr.on("data", (chunk: Buffer) => err.push(chunk));
  const code = await run(argv, { stdout, stderr, stdin: Readable.from([options.stdin ?? ""]), cwd: options.cwd ?? process.cwd(), env: {} });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
