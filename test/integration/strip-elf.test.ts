// stripElf on a real Node.js release binary (the one running the tests): what `tslambda build
// --zip` puts into the zip must still run, and be smaller.
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stripElf } from "../../cli/build/strip-elf.ts";

describe("stripElf", () => {
  it("drops Node.js's symbols and debug info; the result runs and strips to itself", async () => {
    const original = await readFile(process.execPath);
    const stripped = stripElf(original);
    expect(original.length - stripped.length).toBeGreaterThan(10 * 1000 * 1000);
    expect(stripElf(stripped).equals(stripped)).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "strip-elf-"));
    try {
      const node = join(dir, "node");
      await writeFile(node, stripped);
      await chmod(node, 0o755);
      const out = execFileSync(node, ["-e", "console.log(process.version, new Intl.DateTimeFormat('de', { timeZone: 'UTC' }).format(0))"], { encoding: "utf8" });
      expect(out.trim()).toBe(`${process.version} 1.1.1970`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("returns anything that is not a 64-bit little-endian ELF file unchanged", () => {
    const script = Buffer.from("#!/bin/sh\necho hi\n");
    expect(stripElf(script)).toBe(script);
  });
});
