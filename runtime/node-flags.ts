// The Node.js option the runtime runs with. Lambda executes `bootstrap`, so the option rides on
// its first line (`#!node --v8-pool-size=2`); Linux passes what follows the interpreter as one
// argument, so there is room for one option. The emulator, `tslambda dev` and the benchmark
// start the runtime with it as well, so what they measure is what Lambda runs.
//
// Why: Node.js starts four V8 worker threads whatever the CPUs. They compile hot functions
// (Maglev, TurboFan) and help the GC, and glibc gives each thread a malloc arena that keeps
// the compilers' memory after the compile. Two threads keep compiles and GC work off the
// handler's thread while holding fewer arenas: peak RSS after 2,000 invokes drops by about
// 0.9 MiB, with no change in latency (README, "Memory and the first invoke"). Lambda gives CPU in
// proportion to memory, one vCPU's worth at 1,769 MB: below 3,538 MB a function has less than
// two vCPUs' worth, so four background threads seldom had cores to run on.

/** The option on the bootstrap's first line. Command-line options win over NODE_OPTIONS. */
export const NODE_FLAG = "--v8-pool-size=2";

/** A first line that starts `node` (an absolute path) with the runtime's option. */
export const shebang = (node: string): string => `#!${node} ${NODE_FLAG}\n`;

/**
 * The command that starts a runtime `script` on this Node.js as Lambda would start it, for what
 * runs the runtime off Lambda (the emulator, `tslambda dev`, the benchmark); `extra` options go
 * after the runtime's.
 */
export const runtimeCommand = (script: string, extra: readonly string[] = []): string[] => [process.execPath, NODE_FLAG, ...extra, script];
