// `tslambda dev` as a user sees it: several functions of a project served by name with their
// config, an edit picked up by the next invoke (also one sent during the rebuild), and a broken
// edit that leaves the last good build serving.
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDev, type DevSession } from "../../cli/dev/dev-session.ts";
import { loadProject } from "../../cli/project.ts";
import { invokeOver } from "../helpers/local-function.ts";

let root: string;
let session: DevSession;
const lines: string[] = [];
const invoke = (name: string, event: unknown = {}) => invokeOver(`${session.emulator.url}/2015-03-31/functions/${name}/invocations`, event);
const ordersSource = (version: number) => `export const handler = async (event: { id?: string }) => ({ id: event.id, version: ${version}, table: process.env["TABLE"] });\n`;

/** Saves as editors do: a temp file renamed over the original. */
async function atomicSave(path: string, content: string): Promise<void> {
  await writeFile(`${path}.tmp~`, content);
  await rename(`${path}.tmp~`, path);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tslambda-dev-"));
  await mkdir(join(root, "functions", "hello"), { recursive: true });
  await mkdir(join(root, "src"));
  await writeFile(join(root, "package.json"), '{ "name": "app", "private": true, "type": "module" }\n');
  await writeFile(join(root, "functions", "hello", "index.ts"), 'export const handler = async () => ({ hello: "world", memory: process.env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] });\n');
  await writeFile(join(root, "src", "orders.ts"), ordersSource(1));
  await writeFile(join(root, "tslambda.config.mjs"), 'export default { functions: { orders: { handler: "src/orders.handler", memory: 256, environment: { TABLE: "orders-table" } } } };\n');
  const project = await loadProject(root);
  session = await startDev({ project, functions: project.functions, host: "127.0.0.1", port: 0, print: (line) => lines.push(line) });
}, 60_000);

afterAll(async () => {
  await session?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("tslambda dev", () => {
  it("serves every function by name with its memory and environment", async () => {
    expect(session.emulator.names.sort()).toEqual(["hello", "orders"]);
    expect((await invoke("hello")).json()).toEqual({ hello: "world", memory: "128" });
    expect((await invoke("orders", { id: "a" })).json()).toEqual({ id: "a", version: 1, table: "orders-table" });
  });

  it("an edit is served by the next invoke, including one sent while it rebuilds; other functions are left alone", async () => {
    for (const version of [2, 3]) {
      await atomicSave(join(root, "src", "orders.ts"), ordersSource(version));
      // Sent before the rebuild can have finished: it waits for it.
      await new Promise((r) => setTimeout(r, 40));
      expect((await invoke("orders", { id: "b" })).json()).toEqual({ id: "b", version, table: "orders-table" });
    }
    expect(lines.filter((l) => /^\[dev\] orders: rebuilt in \d+ ms \(src\/orders\.ts changed\)$/.test(l))).toHaveLength(2);
    expect(lines.some((l) => l.startsWith("[dev] hello: rebuilt"))).toBe(false);
  });

  it("a broken edit prints the build error and the last good build keeps serving", async () => {
    await atomicSave(join(root, "src", "orders.ts"), "export const handler = async ( => 1;\n");
    await expect.poll(() => lines.find((l) => l.startsWith("[dev] orders: build failed after src/orders.ts changed")), { timeout: 10_000 }).toBeDefined();
    expect((await invoke("orders", { id: "c" })).json()).toEqual({ id: "c", version: 3, table: "orders-table" });
    await atomicSave(join(root, "src", "orders.ts"), ordersSource(4));
    await new Promise((r) => setTimeout(r, 40));
    expect((await invoke("orders", { id: "d" })).json()).toMatchObject({ version: 4 });
  });
});
