// # Positions of keys and strings in a TOML file
//
// smol-toml returns values without positions. To point errors into the file (and to give the query its
// file line and column) this scanner walks the already-valid TOML text once and records, for each
// `key = value` line, the table it belongs to, where the key starts and where its value starts; for string
// values (and strings directly inside an array value) it records where the string *content* begins.
// It understands exactly what is needed to not be fooled: the four string kinds (multi-line ones may hold
// `[table]`-looking lines and `key =` lines), arrays and inline tables spanning lines, and comments.

export interface TomlStringPos {
  /** Offset of the first character of the string's content (after the delimiter and a trimmed newline). */
  readonly contentStart: number;
  readonly kind: "literal" | "basic" | "multiline-literal" | "multiline-basic";
}

export interface TomlEntry {
  /** Table path, dotted, without quotes: "rule", "rule.threat", "metadata", "" for the root. */
  readonly table: string;
  /** Key as written, dotted keys joined with ".", quotes removed. */
  readonly key: string;
  readonly keyOffset: number;
  readonly valueOffset: number;
  /** Set when the value is a string. */
  readonly string?: TomlStringPos;
  /** Strings found directly inside an array value, in order. */
  readonly arrayStrings: readonly TomlStringPos[];
}

export interface TomlHeader {
  readonly table: string;
  readonly offset: number;
  readonly arrayOfTables: boolean;
}

export interface TomlScan {
  readonly entries: readonly TomlEntry[];
  readonly headers: readonly TomlHeader[];
}

/** Normalise a key or table path as written (`a . "b.c"`, `'x'`) into the dotted form used here. */
function normaliseKey(raw: string): string {
  const parts: string[] = [];
  let i = 0;
  let cur = "";
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '"' || c === "'") {
      const end = raw.indexOf(c, i + 1);
      cur += raw.slice(i + 1, end < 0 ? raw.length : end);
      i = end < 0 ? raw.length : end + 1;
    } else if (c === ".") {
      parts.push(cur.trim());
      cur = "";
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  parts.push(cur.trim());
  return parts.join(".");
}

function isSpaceOrComma(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 44;
}

function isScalarEnd(c: number): boolean {
  return isSpaceOrComma(c) || c === 93 /* ] */ || c === 125 /* } */ || c === 35 /* # */;
}

export function scanToml(text: string): TomlScan {
  const entries: TomlEntry[] = [];
  const headers: TomlHeader[] = [];
  let table = "";
  let i = 0;
  const n = text.length;

  const skipSpace = (): void => {
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
  };
  const skipComment = (): void => {
    if (text[i] === "#") while (i < n && text[i] !== "\n") i++;
  };
  const skipToLineEnd = (): void => {
    while (i < n && text[i] !== "\n") i++;
    if (i < n) i++;
  };

  /** Scan a string starting at `i` (on its opening quote); leaves `i` after the closing quote. */
  const scanString = (): TomlStringPos => {
    const q = text[i]!;
    const qqq = q + q + q;
    const triple = text.startsWith(qqq, i);
    if (triple) {
      i += 3;
      if (text[i] === "\n") i++;
      else if (text[i] === "\r" && text[i + 1] === "\n") i += 2;
      const contentStart = i;
      while (i < n) {
        const ch = text[i];
        if (q === '"' && ch === "\\") {
          i += 2;
          continue;
        }
        if (ch !== q) {
          i++;
          continue;
        }
        if (text.startsWith(qqq, i)) {
          i += 3;
          // Up to two more quotes belong to the content (`''''` ends with one quote of content).
          let extra = 0;
          while (extra < 2 && text[i] === q) {
            i++;
            extra++;
          }
          break;
        }
        i++;
      }
      return { contentStart, kind: q === "'" ? "multiline-literal" : "multiline-basic" };
    }
    i++;
    const contentStart = i;
    while (i < n && text[i] !== q && text[i] !== "\n") {
      if (q === '"' && text[i] === "\\") i++;
      i++;
    }
    if (text[i] === q) i++;
    return { contentStart, kind: q === "'" ? "literal" : "basic" };
  };

  /** Skip any value at `i`; returns string info when the value is a string, plus strings inside an array. */
  const scanValue = (collect: TomlStringPos[] | undefined): TomlStringPos | undefined => {
    const c = text[i];
    if (c === '"' || c === "'") return scanString();
    if (c === "[" || c === "{") {
      const close = c === "[" ? "]" : "}";
      i++;
      for (;;) {
        while (i < n && isSpaceOrComma(text.charCodeAt(i))) i++;
        if (text[i] === "#") {
          skipComment();
          continue;
        }
        if (i >= n) return undefined;
        if (text[i] === close) {
          i++;
          return undefined;
        }
        if (c === "{") {
          // key = value inside an inline table
          while (i < n && text[i] !== "=" && text[i] !== close) {
            if (text[i] === '"' || text[i] === "'") scanString();
            else i++;
          }
          if (text[i] === "=") i++;
          skipSpace();
          scanValue(undefined);
          continue;
        }
        const s = scanValue(undefined);
        if (s !== undefined && collect !== undefined) collect.push(s);
      }
    }
    // bare scalar: number, boolean, date
    while (i < n && !isScalarEnd(text.charCodeAt(i))) i++;
    return undefined;
  };

  while (i < n) {
    skipSpace();
    const c = text[i];
    if (c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      skipToLineEnd();
      continue;
    }
    if (c === "[") {
      const offset = i;
      const arrayOfTables = text[i + 1] === "[";
      const start = i + (arrayOfTables ? 2 : 1);
      let j = start;
      while (j < n && text[j] !== "]" && text[j] !== "\n") {
        if (text[j] === '"' || text[j] === "'") {
          const end = text.indexOf(text[j]!, j + 1);
          j = end < 0 ? n : end + 1;
        } else j++;
      }
      table = normaliseKey(text.slice(start, j));
      headers.push({ table, offset, arrayOfTables });
      i = j;
      skipToLineEnd();
      continue;
    }
    // key = value
    const keyOffset = i;
    while (i < n && text[i] !== "=" && text[i] !== "\n") {
      if (text[i] === '"' || text[i] === "'") scanString();
      else i++;
    }
    if (text[i] !== "=") {
      skipToLineEnd();
      continue;
    }
    const key = normaliseKey(text.slice(keyOffset, i));
    i++;
    skipSpace();
    const valueOffset = i;
    const arrayStrings: TomlStringPos[] = [];
    const str = scanValue(arrayStrings);
    entries.push(str !== undefined ? { table, key, keyOffset, valueOffset, string: str, arrayStrings } : { table, key, keyOffset, valueOffset, arrayStrings });
    skipSpace();
    skipComment();
  }
  return { entries, headers };
}

/** First entry for `key` in `table` (array-of-tables: the first occurrence). */
export function findEntry(scan: TomlScan, table: string, key: string): TomlEntry | undefined {
  return scan.entries.find((e) => e.table === table && e.key === key);
}

/** Offset of a table header, or undefined. */
export function findHeader(scan: TomlScan, table: string): number | undefined {
  return scan.headers.find((h) => h.table === table)?.offset;
}
