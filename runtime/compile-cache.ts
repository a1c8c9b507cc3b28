// The compile cache the build shipped beside the bootstrap (scripts/build/compile-cache.ts): V8's
// code for the task module, so a large bundle is not parsed and compiled again at every cold start.
// Node.js reads its cache from `<dir>/v<version>-<arch>-<V8 tag>-<uid>`. Neither Lambda's user id
// nor the V8 tag of the machine that runs the function (it hashes the CPU's features, which an
// emulated build does not share) is known at build time, so the shipped directory is linked in
// under the name this process's Node.js asks for, in a directory of its own in /tmp (the only
// writable place on Lambda). V8 itself still checks every entry (its version, flags and the
// module's source) and compiles afresh on a mismatch; a cache it cannot write to is no error.

/** Enables the shipped cache for modules compiled from now on; without one, does nothing. */
export function useShippedCompileCache(shipped = decodeURIComponent(new URL("./compile-cache", import.meta.url).pathname)): void {
  const fs = process.getBuiltinModule("node:fs");
  let tags: string[];
  try {
    tags = fs.readdirSync(shipped);
  } catch {
    return; // none shipped
  }
  const made = tags.find((tag) => tag.startsWith(`v${process.versions.node}-${process.arch}-`));
  if (made === undefined) return;
  const module = process.getBuiltinModule("node:module");
  try {
    // One directory per shipped cache and user, so runs of different builds or users never share one.
    const own = `${process.getBuiltinModule("node:os").tmpdir()}/tslambda-compile-cache-${hash(shipped)}-${process.getuid?.() ?? 0}`;
    if (module.enableCompileCache(own).status === module.constants.compileCacheStatus.FAILED) return;
    const asked = module.getCompileCacheDir();
    const target = `${shipped}/${made}`;
    if (asked === undefined || readlink(fs, asked) === target) return;
    // Node.js made it empty a moment ago (or an earlier run linked another build's cache).
    fs.rmSync(asked, { recursive: true, force: true });
    fs.symlinkSync(target, asked);
  } catch {
    // /tmp full or not writable: the function runs without the cache.
  }
}

function readlink(fs: typeof import("node:fs"), path: string): string | undefined {
  try {
    return fs.readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** FNV-1a, as hex: a short, stable name for a path. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
