// What `tslambda dev` runs: the project's functions built into .tslambda/dev/, one emulator
// serving all of them by name, and a watcher. A change holds the functions it concerns (new
// invokes wait), rebuilds them, and restarts each on its new build before the next invoke; a
// failed build prints its error and releases the hold, so the last good build keeps serving.
import { rm } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { buildFunction, buildRuntime, hostArch } from "../../scripts/build.ts";
import { startEmulator, type RunningEmulator } from "../../runtime/emulator/emulator.ts";
import type { FunctionSpec } from "../../runtime/emulator/function-spec.ts";
import { runtimeCommand } from "../../runtime/node-flags.ts";
import { devDir } from "../build/output-dirs.ts";
import type { LambdaFunction, Project } from "../project.ts";
import { watchSources } from "./watch-sources.ts";

export interface DevOptions {
  project: Project;
  functions: LambdaFunction[];
  host: string;
  port: number;
  print: (line: string) => void;
  /** Quiet period after a change before the rebuild starts (editors write in bursts). */
  debounceMs?: number;
}

export interface DevSession {
  emulator: RunningEmulator;
  close(): Promise<void>;
}

interface Watched {
  fn: LambdaFunction;
  generation: number;
  inputs: Set<string>;
  changed: Set<string>;
  timer: NodeJS.Timeout | undefined;
  building: boolean;
}

const LIMITS = { headersTimeoutMs: 5000, requestTimeoutMs: 15 * 60_000, idleTimeoutMs: 5000, maxConnections: 256 };

export async function startDev(options: DevOptions): Promise<DevSession> {
  const { project, print } = options;
  const dir = devDir(project);
  await rm(dir, { recursive: true, force: true });
  const runtimeDir = join(dir, "runtime");
  await buildRuntime({ outDir: runtimeDir });

  const generationDir = (w: Watched, generation = w.generation) => join(dir, w.fn.name, String(generation));
  const build = async (w: Watched): Promise<void> => {
    const built = await buildFunction({
      functionDir: w.fn.dir,
      outDir: generationDir(w),
      handler: w.fn.handler,
      runtime: false,
      arch: hostArch(),
      external: w.fn.externals,
      include: w.fn.include,
      say: (line) => print(`[dev] ${w.fn.name}: ${line}`),
    });
    w.inputs = new Set(built.inputs);
  };
  const spec = (w: Watched): FunctionSpec => ({
    name: w.fn.name,
    command: runtimeCommand(join(runtimeDir, "bootstrap")),
    env: { ...w.fn.environment, LAMBDA_TASK_ROOT: join(generationDir(w), "task"), _HANDLER: w.fn.handler },
    memorySizeMB: w.fn.memoryMB,
    timeoutSeconds: w.fn.timeoutSeconds,
    extensionsDir: join(generationDir(w), "extensions"),
  });

  const watched: Watched[] = options.functions.map((fn) => ({ fn, generation: 0, inputs: new Set(), changed: new Set(), timer: undefined, building: false }));
  for (const w of watched) await build(w);
  const emulator = await startEmulator({ functions: watched.map(spec), host: options.host, port: options.port, limits: LIMITS, maxQueuedInvokes: 100 }, print);

  const rebuild = async (w: Watched): Promise<void> => {
    w.building = true;
    try {
      // Changes that arrive during a build make another one before the restart.
      while (w.changed.size > 0) {
        const changed = [...w.changed].map((path) => relative(project.root, path));
        w.changed.clear();
        const started = performance.now();
        w.generation += 1;
        try {
          await build(w);
        } catch (error) {
          if (w.changed.size > 0) continue;
          emulator.release(w.fn.name);
          print(`[dev] ${w.fn.name}: build failed after ${changed.join(", ")} changed; still serving the last good build:\n${(error as Error).message}`);
          return;
        }
        if (w.changed.size > 0) continue;
        await emulator.restart(w.fn.name, spec(w));
        print(`[dev] ${w.fn.name}: rebuilt in ${Math.round(performance.now() - started)} ms (${changed.join(", ")} changed)`);
        // The build before last may still be finishing an invoke; older ones are not in use.
        await rm(generationDir(w, w.generation - 2), { recursive: true, force: true });
      }
    } finally {
      w.building = false;
    }
  };

  const changed = (path: string) => {
    for (const w of watched) {
      if (!concerns(w, path, watched)) continue;
      emulator.hold(w.fn.name);
      w.changed.add(path);
      if (w.building) continue;
      clearTimeout(w.timer);
      w.timer = setTimeout(() => void rebuild(w), options.debounceMs ?? 15);
    }
  };
  const watcher = watchSources(project.root, changed);

  return {
    emulator,
    async close() {
      watcher.close();
      for (const w of watched) clearTimeout(w.timer);
      await emulator.close();
    },
  };
}

/**
 * A change concerns a function when its last bundle was made from the file, or when the file
 * lies in its directory and in no other function's deeper one (a function whose directory is the
 * project root does not rebuild for every other function's edits, but does for its own new files).
 */
function concerns(w: Watched, path: string, all: Watched[]): boolean {
  if (w.inputs.has(path)) return true;
  const owner = all
    .filter((other) => path.startsWith(other.fn.dir + sep))
    .sort((a, b) => b.fn.dir.length - a.fn.dir.length)[0];
  return owner !== undefined && owner.fn.dir === w.fn.dir;
}
