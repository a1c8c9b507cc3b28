import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { SourceMap } from "node:module";
import { decodeMappings, findSegment } from "../../runtime/stack/decode-mappings.ts";
import { mapFrames } from "../../runtime/stack/map-frames.ts";

const SOURCE = `export function computeTotal(items: number[]): number {
  if (items.length === 0) throw new RangeError("no items");
  return items.reduce((a, b) => a + b, 0);
}
export const handler = async (event: { items: number[] }) => computeTotal(event.items);
`;

/** Bundles SOURCE minified, as scripts/build.ts does, into <tmp>/dist/fn/bootstrap; returns its error stack. */
async function bundledStack(sourcemap: "linked" | "inline" | false): Promise<{ dir: string; stack: string }> {
  const dir = mkdtempSync(join(tmpdir(), "stacks-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "orders.ts"), SOURCE);
  const outfile = join(dir, "dist", "fn", "bootstrap.mjs");
  await build({ entryPoints: [join(dir, "src", "orders.ts")], bundle: true, format: "esm", platform: "node", minify: true, sourcemap, sourcesContent: false, outfile, logLevel: "silent" });
  // A plain node process: the test runner would map the frames itself.
  const script = `import(${JSON.stringify(pathToFileURL(outfile).href)}).then((m) => m.handler({ items: [] })).catch((e) => process.stdout.write(e.stack))`;
  const stack = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return { dir, stack };
}

describe("source-mapped stack frames", () => {
  it("rewrites bundle frames to the TypeScript file, line and column, with the original function name", async () => {
    const { stack } = await bundledStack("linked");
    expect(stack).toMatch(/bootstrap\.mjs:\d+:\d+\)/);
    const mapped = mapFrames(stack).split("\n");
    expect(mapped[0]).toBe("RangeError: no items");
    expect(mapped[1]).toBe("    at computeTotal (src/orders.ts:2:33)");
    expect(mapped[2]).toMatch(/^ {4}at .+ \(src\/orders\.ts:5:62\)$/);
    // A frame from a file without a map (this test) is left as it was.
    expect(mapped.slice(3).join("\n")).toBe(stack.split("\n").slice(3).join("\n"));
  });

  it("reads an inline (data: URL) map too", async () => {
    const { stack } = await bundledStack("inline");
    expect(mapFrames(stack).split("\n")[1]).toBe("    at computeTotal (src/orders.ts:2:33)");
  });

  it("leaves frames unchanged when there is no map, or the map is corrupt", async () => {
    const { stack } = await bundledStack(false);
    expect(mapFrames(stack)).toBe(stack);
    const corrupt = await bundledStack("linked");
    writeFileSync(join(corrupt.dir, "dist", "fn", "bootstrap.mjs.map"), "{ not json");
    expect(mapFrames(corrupt.stack)).toBe(corrupt.stack);
  });

  it("leaves text without frames, and frames of files that do not exist, alone", () => {
    expect(mapFrames("hello\nworld")).toBe("hello\nworld");
    const ghost = "Error: x\n    at f (file:///no/such/bundle.mjs:1:10)\n    at /no/such/file.js:3:4";
    expect(mapFrames(ghost)).toBe(ghost);
  });
});

describe("decodeMappings", () => {
  it("finds the same original position as node:module's SourceMap for every segment of a real bundle", async () => {
    const { dir } = await bundledStack("linked");
    const payload = JSON.parse(readFileSync(join(dir, "dist", "fn", "bootstrap.mjs.map"), "utf8"));
    const decoded = decodeMappings(payload.mappings);
    const reference = new SourceMap(payload);
    expect(decoded.count).toBeGreaterThan(10);
    for (let i = 0; i < decoded.count; i++) {
      const line = decoded.generatedLine[i]!;
      const column = decoded.generatedColumn[i]! + 1;
      const at = findSegment(decoded, line, column);
      const expected = reference.findEntry(line, column) as { originalSource: string; originalLine: number; originalColumn: number };
      expect([payload.sources[decoded.source[at]!], decoded.originalLine[at], decoded.originalColumn[at]]).toEqual([expected.originalSource, expected.originalLine, expected.originalColumn]);
    }
  });

  it("finds nothing before a line's first segment, and rejects characters outside base64", () => {
    const decoded = decodeMappings(";;KAAA");
    expect(findSegment(decoded, 2, 4)).toBe(-1);
    expect(findSegment(decoded, 2, 5)).toBe(0);
    expect(() => decodeMappings("A!AA")).toThrow();
  });
});
