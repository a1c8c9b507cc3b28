// AWS's Runtime Interface Client (aws-lambda-ric 4.0.2) as a benchmark subject, when someone has
// put it at .bench/ric/node_modules/aws-lambda-ric. The bench never installs it: it carries a
// native addon and is AWS's code, not this project's dependency.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { transform } from "esbuild";

export const RIC_ENTRY = resolve(".bench/ric/node_modules/aws-lambda-ric/index.mjs");
const SDK_PACKAGES = ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb"];

export function ricVersion(): string | undefined {
  if (!existsSync(RIC_ENTRY)) return undefined;
  const manifest = JSON.parse(readFileSync(join(RIC_ENTRY, "..", "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * The echo demo's behaviour as a plain handler file, the way a nodejs24.x function is written.
 * JSON mode only: the RIC always parses the event and serialises the result, so it has no
 * byte-for-byte (raw) mode to compare with.
 */
export function ricEchoTask(benchDir: string): string {
  const taskDir = join(benchDir, "ric-echo");
  mkdirSync(taskDir, { recursive: true });
  writeFileSync(join(taskDir, "index.mjs"), "// Echo: returns the event.\nexport const handler = async (event) => event;\n");
  return taskDir;
}

function installedVersion(taskDir: string, name: string): string | undefined {
  const manifest = join(taskDir, "node_modules", name, "package.json");
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version : undefined;
}

/**
 * bench/functions/dynamodb as the managed runtime would load it: the handler's TypeScript
 * stripped to JavaScript (imports untouched), the SDK packages in a plain node_modules beside it
 * at the versions this project's own node_modules has. npm runs only when they are missing.
 */
export async function ricDynamodbTask(benchDir: string, functionDir: string): Promise<string> {
  const taskDir = join(benchDir, "ric-dynamodb");
  mkdirSync(taskDir, { recursive: true });
  const source = readFileSync(join(functionDir, "index.ts"), "utf8");
  const { code } = await transform(source, { loader: "ts", format: "esm", target: "node24" });
  writeFileSync(join(taskDir, "index.mjs"), code);
  const wanted = Object.fromEntries(SDK_PACKAGES.map((name) => [name, installedVersion(resolve("."), name) ?? "latest"]));
  const current = SDK_PACKAGES.every((name) => installedVersion(taskDir, name) === wanted[name]);
  if (!current) {
    writeFileSync(join(taskDir, "package.json"), `${JSON.stringify({ private: true, dependencies: wanted }, null, 2)}\n`);
    console.log(`installing ${SDK_PACKAGES.join(", ")} into ${taskDir} (cached for later runs)`);
    const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--omit=dev"], { cwd: taskDir, stdio: ["ignore", "ignore", "inherit"] });
    if (npm.status !== 0) throw new Error(`npm install in ${taskDir} failed (${npm.status ?? npm.signal})`);
  }
  return taskDir;
}
