// The compile cache the build shipped beside the bootstrap (scripts/build/compile-cache.ts): V8's
// code for the task module, so a large bundle is not parsed and compiled again at every cold start.
// Node.js reads a cache from `<dir>/v<version>-<arch>-<flags hash>-<uid>`, and Lambda's user id is
// not known at build time, so the shipped directory is linked under this process's uid in a
// directory of its own in /tmp (the only writable place on Lambda). The cache stays read-only:
// Node.js checks every entry against the module's source and recompiles on a mismatch, and a
// cache it cannot write to is no error.

/** Enables the shipped cache for modules compiled from now on; without one, does nothing. */
export function useShippedCompileCache(shipped = decodeURIComponent(new URL("./compile-cache", import.meta.url).pathname)): void {
  const fs = process.getBuiltinModule("node:fs");
  let tags: string[];
  try {
    tags = fs.readdirSync(shipped);
  } catch {
    return; // none shipped
  }
  const prefix = `v${process.versions.node}-${process.arch}-`;
  const own = tags.filter((tag) => tag.startsWith(prefix));
  const uid = process.getuid?.();
  if (own.length === 0 || uid === undefined) return;
  try {
    // One directory per shipped cache and user, so runs of different builds or users never share one.
    const dir = `${process.getBuiltinModule("node:os").tmpdir()}/tslambda-compile-cache-${hash(shipped)}-${uid}`;
    fs.mkdirSync(dir, { recursive: true });
    for (const tag of own) link(fs, `${shipped}/${tag}`, `${dir}/${tag}-${uid}`);
    process.getBuiltinModule("node:module").enableCompileCache(dir);
  } catch {
    // /tmp full or not writable: run without the cache.
  }
}

function link(fs: typeof import("node:fs"), target: string, path: string): void {
  try {
    if (fs.readlinkSync(path) === target) return;
    fs.rmSync(path, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  fs.symlinkSync(target, path);
}

/** FNV-1a, as hex: a short, stable name for a path. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}
