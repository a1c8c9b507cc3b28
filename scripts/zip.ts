// A byte-reproducible zip writer: entries sorted by name, one fixed timestamp, Unix modes kept
// (so `bootstrap` stays executable for Lambda), deflate at a fixed level. Used to export
// deployment packages and layers without a zip tool in the build image.
//
// Kept rather than yazl: about 100 lines on node:zlib (deflateRawSync, crc32) with no dependency,
// against yazl plus buffer-crc32; reproducibility is ours to get right either way (yazl needs a
// fixed mtime and sorted input too) and is tested byte for byte (unit and container tests), and
// unzip and Lambda's own unpacking are tested on its output. What yazl has and this does not is
// zip64; Lambda unpacks at most 250 MB, so only the 65,535-entry limit could be met, and it is
// refused with a clear error instead of a broken archive.
//   node scripts/zip.ts --root DIR --out FILE.zip
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parseArgs } from "node:util";
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  data: Uint8Array;
  /** Unix permission bits, e.g. 0o755. */
  mode: number;
}

// 1980-01-01 00:00:00, the earliest DOS date: the same in every build.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;

/** Without zip64, the end record counts entries and offsets in 16 and 32 bits. */
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

export class ZipTooLarge extends Error {
  override readonly name = "ZipTooLarge";
}

export function createZip(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > MAX_ENTRIES) {
    throw new ZipTooLarge(`${entries.length} files: a zip without zip64 holds at most ${MAX_ENTRIES}; leave files out (a package's include list) or ship an image`);
  }
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const name = Buffer.from(entry.name, "utf8");
    const deflated = deflateRawSync(entry.data, { level: 9 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? Buffer.from(entry.data) : deflated;
    const method = stored ? 0 : 8;
    const crc = crc32(entry.data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes hold a mode
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | (entry.mode & 0o7777)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
    if (offset > MAX_OFFSET) throw new ZipTooLarge(`over ${MAX_OFFSET} bytes: a zip without zip64 cannot hold it (Lambda unpacks at most 250 MB)`);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Every file under `root`, named relative to it; executables get 0755, the rest 0644. */
export function entriesUnder(root: string): ZipEntry[] {
  const out: ZipEntry[] = [];
  const walk = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (item.isFile()) {
        const executable = (statSync(path).mode & 0o111) !== 0;
        out.push({ name: relative(root, path).split(sep).join("/"), data: readFileSync(path), mode: executable ? 0o755 : 0o644 });
      }
    }
  };
  walk(root);
  return out;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split(sep).join("/"))) {
  const { values } = parseArgs({ options: { root: { type: "string" }, out: { type: "string" } } });
  if (!values.root || !values.out) {
    console.error("usage: node scripts/zip.ts --root DIR --out FILE.zip");
    process.exit(2);
  }
  writeFileSync(values.out, createZip(entriesUnder(values.root)));
}
