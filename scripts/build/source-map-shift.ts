// Keeps a source map right after text was inserted into the generated file: every segment at or
// after an insertion on its line moves right by the inserted length. Only a segment's first field
// (its generated column, relative to the previous segment on the line) changes; the others are
// relative to the previous segment of the whole map, whose order does not change, so their text is kept.

export interface ColumnShift {
  /** Zero-based generated line and column (before the edit) from which columns move. */
  line: number;
  column: number;
  /** Characters inserted there (negative when removed). */
  by: number;
}

const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUE = new Map([...DIGITS].map((c, i) => [c, i]));

export function shiftColumns(mappings: string, shifts: ColumnShift[]): string {
  const byLine = new Map<number, ColumnShift[]>();
  for (const s of shifts) byLine.set(s.line, [...(byLine.get(s.line) ?? []), s]);
  const lines = mappings.split(";");
  for (const [line, list] of byLine) {
    const text = lines[line];
    if (!text) continue;
    list.sort((a, b) => a.column - b.column);
    let column = 0;
    let shifted = 0;
    let k = 0;
    let moved = 0;
    lines[line] = text
      .split(",")
      .map((segment) => {
        const [delta, rest] = readVlq(segment);
        column += delta;
        while (k < list.length && list[k]!.column <= column) moved += list[k++]!.by;
        const out = writeVlq(column + moved - shifted) + rest;
        shifted = column + moved;
        return out;
      })
      .join(",");
  }
  return lines.join(";");
}

/** The first VLQ number of a segment and the text after it. */
function readVlq(segment: string): [number, string] {
  let value = 0;
  let shift = 0;
  let i = 0;
  for (;;) {
    const digit = VALUE.get(segment[i++]!);
    if (digit === undefined) throw new Error(`bad source map segment ${segment}`);
    value += (digit & 31) << shift;
    shift += 5;
    if ((digit & 32) === 0) break;
  }
  return [value & 1 ? -(value >>> 1) : value >>> 1, segment.slice(i)];
}

function writeVlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = "";
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += DIGITS[digit];
  } while (v > 0);
  return out;
}
