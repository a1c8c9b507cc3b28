// `tslambda build [names…]`: bundles the project's functions into .tslambda/build/<name>/ (the
// runtime, and /var/task in task/), prints each one's size, and with --zip writes the zip.
import { Command, Option } from "commander";
import { join, relative } from "node:path";
import { buildFunction } from "../../scripts/build.ts";
import { buildDir, cacheDir, zipFile } from "../build/output-dirs.ts";
import { selectFunctions } from "../build/select.ts";
import { directoryBytes, formatBytes } from "../build/sizes.ts";
import { writeDeploymentZip } from "../build/deployment-zip.ts";
import type { CommandFactory } from "../command.ts";
import type { Architecture } from "../config.ts";
import { CommandFailed } from "../errors.ts";
import { write } from "../io.ts";
import { loadProject } from "../project.ts";

interface BuildFlags {
  arch?: Architecture;
  zip?: boolean;
}

export const buildCommand: CommandFactory = (io) =>
  new Command("build")
    .summary("bundle functions into .tslambda/build/<name>/ and print their sizes")
    .description(
      "Bundle each function (default: all) as Lambda runs it: .tslambda/build/<name>/ holds the\n" +
        "runtime (bootstrap) and task/ (what Lambda has in /var/task). Packages that cannot be\n" +
        "bundled (native addons, externals) are installed into task/node_modules for --arch.",
    )
    .argument("[names...]", "functions to build (default: all)")
    .addOption(new Option("--arch <arch>", "architecture for native packages (default: the function's first)").choices(["x86_64", "arm64"]))
    .option("--zip", "also write .tslambda/build/<name>-<arch>.zip for provided.al2023 (fetches Linux Node.js from npm once)")
    .addHelpText("after", "\nExamples:\n  tslambda build\n  tslambda build orders --arch arm64 --zip")
    .action(async (names: string[], flags: BuildFlags) => {
      const project = await loadProject(io.cwd);
      for (const fn of selectFunctions(project, names)) {
        const arch = flags.arch ?? fn.architectures[0] ?? "x86_64";
        const outDir = buildDir(project, fn.name);
        const started = performance.now();
        try {
          await buildFunction({
            functionDir: fn.dir,
            outDir,
            handler: fn.handler,
            arch: arch === "arm64" ? "arm64" : "x64",
            external: fn.externals,
            include: fn.include,
            say: (line) => void io.stdout.write(`${fn.name}: ${line}\n`),
          });
        } catch (error) {
          throw new CommandFailed(`${fn.name}: build failed: ${(error as Error).message}`);
        }
        const task = await directoryBytes(join(outDir, "task"));
        const total = await directoryBytes(outDir);
        const ms = Math.round(performance.now() - started);
        await write(io.stdout, `${fn.name}\t${relative(io.cwd, outDir) || "."}\ttask ${formatBytes(task)}, with runtime ${formatBytes(total)} (${ms} ms)\n`);
        if (flags.zip) {
          const file = zipFile(project, fn.name, arch);
          const bytes = await writeDeploymentZip({ buildDir: outDir, arch, cacheDir: cacheDir(project), zipFile: file });
          await write(io.stdout, `${fn.name}\t${relative(io.cwd, file)}\t${formatBytes(bytes)} (handler ${fn.handler}, runtime provided.al2023, ${arch})\n`);
        }
      }
    });
