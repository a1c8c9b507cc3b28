// tslambda dev's edit loop: from a saved edit (atomic, as editors save) to an invoke answered by
// the new code, for a small function. Prints each run and the median.
//   node bench/dev-loop.ts [runs]
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDev } from "../cli/dev/dev-session.ts";
import { loadProject } from "../cli/project.ts";
import { invokeOver } from "../test/helpers/local-function.ts";

const runs = Number(process.argv[2] ?? 9);
const root = await mkdtemp(join(tmpdir(), "tslambda-dev-bench-"));
const source = (n: number) => `export const handler = async () => ({ version: ${n} });\n`;
await mkdir(join(root, "functions", "hello"), { recursive: true });
await writeFile(join(root, "package.json"), '{ "name": "bench", "private": true, "type": "module" }\n');
await writeFile(join(root, "functions", "hello", "index.ts"), source(0));
const project = await loadProject(root);
const session = await startDev({ project, functions: project.functions, host: "127.0.0.1", port: 0, print: () => {} });
const url = `${session.emulator.url}/2015-03-31/functions/hello/invocations`;
await invokeOver(url, {});
const times: number[] = [];
for (let n = 1; n <= runs; n++) {
  const file = join(root, "functions", "hello", "index.ts");
  const started = performance.now();
  await writeFile(`${file}.tmp~`, source(n));
  await rename(`${file}.tmp~`, file);
  // An invoke sent at once may beat the watcher's event; ask until the new code answers.
  while ((await invokeOver(url, {})).json().version !== n) await new Promise((r) => setTimeout(r, 5));
  times.push(performance.now() - started);
  console.log(`run ${n}: ${times.at(-1)!.toFixed(0)} ms`);
  await new Promise((r) => setTimeout(r, 200));
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms over ${runs} runs (save → invoke served by the new build)`);
await session.close();
await rm(root, { recursive: true, force: true });
