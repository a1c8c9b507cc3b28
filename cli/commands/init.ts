// `tslambda init [dir]`: writes a starter project (one function with a test, the config file,
// tsconfig.json, and package.json when there is none). Never overwrites without --force.
import { Command } from "commander";
import { access, mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { CommandFactory } from "../command.ts";
import { UsageError } from "../errors.ts";
import { write } from "../io.ts";
import { packageInfo } from "../package-info.ts";
import { STARTER_FILES, starterPackageJson } from "../starter/files.ts";

const exists = (path: string) => access(path).then(() => true, () => false);

export const initCommand: CommandFactory = (io) =>
  new Command("init")
    .summary("write a starter project: one function, its test, config and tsconfig")
    .description(
      "Write a starter project into DIR (default: the current directory):\n" +
        STARTER_FILES.map((f) => `  ${f.path}`).join("\n") +
        "\n  package.json (only when there is none; an existing one is left alone)",
    )
    .argument("[dir]", "project directory (created when missing)", ".")
    .option("--force", "overwrite the starter files that already exist (never package.json)")
    .action(async (dir: string, flags: { force?: boolean }) => {
      const root = resolve(io.cwd, dir);
      const existing = [];
      for (const file of STARTER_FILES) if (await exists(join(root, file.path))) existing.push(file.path);
      if (existing.length > 0 && flags.force !== true) {
        throw new UsageError(`${existing.map((p) => (dir === "." ? p : join(dir, p))).join(", ")} already exist${existing.length === 1 ? "s" : ""}; pass --force to overwrite`);
      }
      for (const file of STARTER_FILES) {
        await mkdir(dirname(join(root, file.path)), { recursive: true });
        await writeFile(join(root, file.path), file.content);
        await write(io.stdout, `wrote ${file.path}\n`);
      }
      const pkgPath = join(root, "package.json");
      const { version, devDependencies } = packageInfo();
      const versions = {
        tslambda: `^${version}`,
        typescript: devDependencies["typescript"] ?? "^5.9.0",
        vitest: devDependencies["vitest"] ?? "^4.0.0",
        typesNode: devDependencies["@types/node"] ?? "^24.0.0",
      };
      if (await exists(pkgPath)) {
        await write(io.stdout, `kept package.json; it needs "type": "module" and the dev dependencies ${Object.entries({ tslambda: versions.tslambda, typescript: versions.typescript, vitest: versions.vitest, "@types/node": versions.typesNode }).map(([n, v]) => `${n}@${v}`).join(" ")}\n`);
      } else {
        await writeFile(pkgPath, starterPackageJson(basename(root).toLowerCase().replace(/[^a-z0-9._-]/g, "-"), versions));
        await write(io.stdout, "wrote package.json\n");
      }
      await write(io.stdout, `\nNext:\n${dir === "." ? "" : `  cd ${dir}\n`}  npm install\n  npm test\n  npx tslambda events sqs > event.json\n`);
    });
