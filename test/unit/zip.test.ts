import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createZip, entriesUnder } from "../../scripts/zip.ts";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "zip-src-"));
  mkdirSync(join(root, "bin"));
  writeFileSync(join(root, "bootstrap"), "#!/bin/sh\necho hi\n");
  chmodSync(join(root, "bootstrap"), 0o755);
  writeFileSync(join(root, "bin", "data.txt"), "x".repeat(10_000));
  writeFileSync(join(root, "empty"), "");
  return root;
}

describe("reproducible zip", () => {
  it("gives identical bytes for identical content, whatever the files' times", () => {
    const a = createZip(entriesUnder(tree()));
    const b = createZip(entriesUnder(tree()));
    expect(a.equals(b)).toBe(true);
  });

  it("unpacks with unzip, keeping content and the executable bit", () => {
    const zip = join(mkdtempSync(join(tmpdir(), "zip-")), "out.zip");
    writeFileSync(zip, createZip(entriesUnder(tree())));
    const out = mkdtempSync(join(tmpdir(), "zip-out-"));
    execFileSync("unzip", ["-q", zip, "-d", out]);
    expect(readFileSync(join(out, "bootstrap"), "utf8")).toBe("#!/bin/sh\necho hi\n");
    expect(statSync(join(out, "bootstrap")).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, "bin", "data.txt")).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(out, "bin", "data.txt"), "utf8")).toBe("x".repeat(10_000));
    expect(readFileSync(join(out, "empty"), "utf8")).toBe("");
    const listing = execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual(["bin/data.txt", "bootstrap", "empty"]);
  });

  it("compresses what compresses and stores what does not", () => {
    const zip = createZip([{ name: "big", data: Buffer.alloc(100_000, 1), mode: 0o644 }]);
    expect(zip.length).toBeLessThan(2_000);
  });

  it("refuses more entries than a zip without zip64 can count, with a clear error", () => {
    const entries = Array.from({ length: 65_536 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(0), mode: 0o644 }));
    expect(() => createZip(entries)).toThrow(/65536 files: a zip without zip64 holds at most 65535/);
    expect(() => createZip(entries.slice(1))).not.toThrow();
  }, 60_000); // 65,535 real entries: seconds on a quiet machine, over 20 s on a loaded one
});
