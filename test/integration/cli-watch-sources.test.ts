// tslambda dev's watcher on a real file system: what editors and tools do to a project, and what
// it must report (or ignore) for each.
import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { watchSources, type SourceWatcher } from "../../cli/dev/watch-sources.ts";

let root = "";
let watcher: SourceWatcher | undefined;
let seen: string[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "tslambda-watch-"));
  await mkdir(join(root, "src", "lib"), { recursive: true });
  await mkdir(join(root, "node_modules", "dep"), { recursive: true });
  await mkdir(join(root, ".tslambda", "dev"), { recursive: true });
  await writeFile(join(root, "src", "lib", "a.ts"), "1");
  await writeFile(join(root, "src", "b.ts"), "1");
  seen = [];
  watcher = watchSources(root, (path) => seen.push(path));
});

afterEach(async () => {
  watcher?.close();
  await rm(root, { recursive: true, force: true });
});

const atomicSave = async (file: string, text: string) => {
  await writeFile(`${file}.tmp~`, text);
  await rename(`${file}.tmp~`, file);
};
const reported = (path: string) => expect.poll(() => seen.includes(path), { timeout: 2_000, interval: 5 }).toBe(true);

describe("the dev watcher", () => {
  it("reports every atomic save of the same file, not only the first", async () => {
    const file = join(root, "src", "lib", "a.ts");
    for (let n = 0; n < 5; n++) {
      seen = [];
      await atomicSave(file, String(n));
      await reported(file);
    }
    expect(seen.some((path) => path.endsWith("~"))).toBe(false);
  });

  it("reports files in a new directory at once, and later saves there", async () => {
    const file = join(root, "src", "new", "deeper", "c.ts");
    await mkdir(join(root, "src", "new", "deeper"), { recursive: true });
    await writeFile(file, "1");
    await expect.poll(() => seen.some((path) => file.startsWith(path)), { timeout: 2_000, interval: 5 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    seen = [];
    await atomicSave(file, "2");
    await reported(file);
  });

  it("reports a deleted file and a directory moved in", async () => {
    await unlink(join(root, "src", "b.ts"));
    await reported(join(root, "src", "b.ts"));
    const outside = await mkdtemp(join(tmpdir(), "tslambda-watch-out-"));
    await writeFile(join(outside, "d.ts"), "1");
    await rename(outside, join(root, "src", "moved"));
    await reported(join(root, "src", "moved"));
    seen = [];
    await atomicSave(join(root, "src", "moved", "d.ts"), "2");
    await reported(join(root, "src", "moved", "d.ts"));
  });

  it("ignores node_modules and build output", async () => {
    await writeFile(join(root, "node_modules", "dep", "index.js"), "1");
    await writeFile(join(root, ".tslambda", "dev", "x.mjs"), "1");
    await writeFile(join(root, "src", "b.ts"), "2");
    await reported(join(root, "src", "b.ts"));
    expect(seen.filter((path) => path.includes("node_modules") || path.includes(".tslambda"))).toEqual([]);
  });
});
