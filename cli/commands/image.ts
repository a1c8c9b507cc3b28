// `tslambda image [names…]`: builds each function's image (and zips, layers, or pushes) with
// `docker buildx bake`, using the Dockerfile and bake file this package ships.
import { Command, Option } from "commander";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { OUTPUT_DIR } from "../build/output-dirs.ts";
import { selectFunctions } from "../build/select.ts";
import type { CommandFactory } from "../command.ts";
import { CommandFailed, UsageError } from "../errors.ts";
import { bakePlan, DEFAULT_REGISTRY, parsePlatforms, type BakeRun } from "../image/bake-plan.ts";
import { stageContext } from "../image/stage-context.ts";
import { write, type Io } from "../io.ts";
import { packageInfo } from "../package-info.ts";
import { loadProject } from "../project.ts";

interface ImageFlags {
  platform?: string;
  zip?: boolean;
  layers?: boolean;
  push?: string;
  tag: string;
}

export const imageCommand: CommandFactory = (io) =>
  new Command("image")
    .summary("build container images (docker buildx bake), zips, layers; push per-arch tags")
    .description(
      `Build each function (default: all) with docker buildx bake into an image loaded into the\n` +
        `local engine as ${DEFAULT_REGISTRY}/<name>:<tag>; with --push, one single-arch image per\n` +
        "architecture, <registry>/<name>:<tag>-amd64 and -arm64, as Lambda takes them.\n" +
        `--zip and --layers write deployment zips into ${OUTPUT_DIR}/image/. buildx's output is shown as it runs.`,
    )
    .argument("[names...]", "functions (default: all)")
    .option("--platform <platforms>", "linux/amd64 and/or linux/arm64 (default: the function's architectures)")
    .option("--zip", "also write <name>-<arch>.zip for provided.al2023")
    .option("--layers", "also write the function's zips for the runtime layer")
    .option("--push <registry>", "push <registry>/<name>:<tag>-<arch> instead of loading locally")
    .addOption(new Option("--tag <tag>", "image tag").default("dev"))
    .addHelpText("after", "\nExamples:\n  tslambda image hello\n  tslambda image --platform linux/amd64,linux/arm64 --zip\n  tslambda image orders --push 123456789012.dkr.ecr.eu-west-1.amazonaws.com --tag v1")
    .action(async (names: string[], flags: ImageFlags) => {
      const platforms = flags.platform === undefined ? undefined : parsePlatforms(flags.platform);
      if (typeof platforms === "string") throw new UsageError(platforms);
      const project = await loadProject(io.cwd);
      const packageDir = packageInfo().root;
      for (const fn of selectFunctions(project, names)) {
        const plan = bakePlan(packageDir, fn, {
          platforms,
          zip: flags.zip === true,
          layers: flags.layers === true,
          push: flags.push,
          tag: flags.tag,
          destDir: join(project.root, OUTPUT_DIR, "image"),
          caBundle: io.env["CA_BUNDLE"],
          context: await stageContext(project, fn),
        });
        await write(io.stderr, `${fn.name}: docker ${plan.args.join(" ")}\n`);
        const code = await runBake(plan, packageDir, io);
        if (code !== 0) throw new CommandFailed(`${fn.name}: docker buildx bake exited with ${code}`);
        for (const line of plan.results) await write(io.stdout, `${fn.name}: ${line}\n`);
      }
    });

/** Runs docker in the package directory (the bake file's context "."), passing its output through. */
function runBake(plan: BakeRun, packageDir: string, io: Io): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", plan.args, { cwd: packageDir, env: { ...process.env, ...io.env, ...plan.variables }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => io.stdout.write(chunk));
    child.stderr.on("data", (chunk: Buffer) => io.stderr.write(chunk));
    child.once("error", (error) => reject(new CommandFailed(`cannot run docker: ${error.message}`)));
    child.once("close", (code) => resolve(code ?? 1));
  });
}
