// What `strip --strip-all` does to the official Node.js binary, in TypeScript: `tslambda build
// --zip` then needs no binutils for the target architecture, and the zip's Node.js is the image's
// (the Dockerfile strips with binutils). It drops the sections the program never loads (symbol
// table, debug info, notes, .comment: about 18 MB of 126) and keeps every loaded byte as it is.
//
// Only the layout of Node.js's release builds is handled (ELF64, little-endian, every section to
// drop after every loaded one, no loaded section linking to a dropped one); any other file is
// returned unchanged, which still runs, only larger.

const SHF_ALLOC = 0x2n;
const SECTION_HEADER_SIZE = 64;
const PROGRAM_HEADER_SIZE = 56;

interface Section {
  index: number;
  header: Buffer;
  flags: bigint;
  offset: number;
  size: number;
  type: number;
  link: number;
}

const SHT_NOBITS = 8;

function readSections(elf: Buffer): Section[] {
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const count = elf.readUInt16LE(0x3c);
  const sections: Section[] = [];
  for (let index = 0; index < count; index++) {
    const header = elf.subarray(shoff + index * SECTION_HEADER_SIZE, shoff + (index + 1) * SECTION_HEADER_SIZE);
    sections.push({
      index,
      header,
      type: header.readUInt32LE(4),
      flags: header.readBigUInt64LE(8),
      offset: Number(header.readBigUInt64LE(24)),
      size: Number(header.readBigUInt64LE(32)),
      link: header.readUInt32LE(40),
    });
  }
  return sections;
}

/** The end of the last byte any program header loads or any loaded section occupies in the file. */
function loadedEnd(elf: Buffer, kept: Section[]): number {
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phnum = elf.readUInt16LE(0x38);
  let end = phoff + phnum * PROGRAM_HEADER_SIZE;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * PROGRAM_HEADER_SIZE;
    end = Math.max(end, Number(elf.readBigUInt64LE(at + 8)) + Number(elf.readBigUInt64LE(at + 32)));
  }
  for (const s of kept) if (s.type !== SHT_NOBITS) end = Math.max(end, s.offset + s.size);
  return end;
}

function isStrippable(elf: Buffer): boolean {
  return elf.length > 64 && elf.readUInt32BE(0) === 0x7f454c46 && elf[4] === 2 && elf[5] === 1 && elf.readUInt16LE(0x3a) === SECTION_HEADER_SIZE && elf.readUInt16LE(0x36) === PROGRAM_HEADER_SIZE;
}

export function stripElf(elf: Buffer): Buffer {
  if (!isStrippable(elf)) return elf;
  const sections = readSections(elf);
  const names = sections[elf.readUInt16LE(0x3e)];
  if (!names) return elf;
  // The null section and every loaded one, in their order; then the section names.
  const kept = sections.filter((s) => s.index === 0 || (s.flags & SHF_ALLOC) !== 0n);
  const dropped = sections.filter((s) => s.index !== 0 && (s.flags & SHF_ALLOC) === 0n && s !== names);
  if (dropped.length === 0) return elf;
  const lastKept = kept.at(-1)!.index;
  if (kept.some((s, i) => s.index !== i) || dropped.some((s) => s.index < lastKept) || kept.some((s) => s.link > lastKept)) return elf;

  const end = loadedEnd(elf, kept);
  const namesAt = end;
  const headersAt = Math.ceil((namesAt + names.size) / 8) * 8;
  const count = kept.length + 1;
  const out = Buffer.alloc(headersAt + count * SECTION_HEADER_SIZE);
  elf.copy(out, 0, 0, end);
  elf.copy(out, namesAt, names.offset, names.offset + names.size);
  kept.forEach((s, i) => s.header.copy(out, headersAt + i * SECTION_HEADER_SIZE));
  const namesHeader = headersAt + kept.length * SECTION_HEADER_SIZE;
  names.header.copy(out, namesHeader);
  out.writeBigUInt64LE(BigInt(namesAt), namesHeader + 24);
  out.writeBigUInt64LE(BigInt(headersAt), 0x28);
  out.writeUInt16LE(count, 0x3c);
  out.writeUInt16LE(kept.length, 0x3e);
  return out;
}
