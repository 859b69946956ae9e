// # `--format table`: a compact human-readable listing
//
// One row per event: timestamp, index, id, category and a few telling fields (process name, file path,
// user, host, addresses — ECS names first, then the flat names older data sets use). Sequences and samples
// get a header line with their join keys and their events indented below; a missing-event slot shows as
// "(missing event)". Column widths follow the content; long values are cut with "…".

import type { EventRecord } from "../../exec/event.js";
import { fieldGetter, type FieldGetter } from "../../event/fields.js";
import { hitCount, type ResultSet } from "./hits.js";

export interface TableOptions {
  /** Field holding the event category (its resolved path, aliases followed). */
  readonly categoryPath: string;
  /** Fields shown in the last column, first found first; defaults to DEFAULT_DETAIL_FIELDS. */
  readonly detailFields?: readonly string[];
  /** Details shown per event (default 3). */
  readonly maxDetails?: number;
}

export const DEFAULT_DETAIL_FIELDS: readonly string[] = [
  "process.name",
  "process_name",
  "process.args",
  "command_line",
  "file.path",
  "file_path",
  "registry.path",
  "dns.question.name",
  "destination.ip",
  "destination_address",
  "source.ip",
  "source_address",
  "user.name",
  "user_name",
  "host.name",
  "hostname",
];

const MAX_CELL = 40;
const MAX_DETAIL = 60;
const HEADERS = ["TIMESTAMP", "INDEX", "ID", "CATEGORY", "DETAILS"] as const;

type Row = readonly [string, string, string, string, string];

export function formatTable(result: ResultSet, options: TableOptions): string {
  const category = fieldGetter(options.categoryPath);
  const details = (options.detailFields ?? DEFAULT_DETAIL_FIELDS).map((name) => ({ name, get: fieldGetter(name) }));
  const maxDetails = options.maxDetails ?? 3;
  const rowOf = (e: EventRecord): Row => [
    renderTimestamp(e),
    cut(e.index, MAX_CELL),
    cut(e.id, 20),
    cut(renderValue(category(e.source)), MAX_CELL),
    renderDetails(e, details, maxDetails),
  ];

  const blocks: { header?: string; rows: Row[] }[] = [];
  if (result.kind === "events") {
    blocks.push({ rows: result.events.map(rowOf) });
  } else {
    result.sequences.forEach((s, i) => {
      const keys = s.joinKeys.length > 0 ? ` by ${s.joinKeys.map((k) => (k === null ? "null" : JSON.stringify(k))).join(", ")}` : "";
      blocks.push({
        header: `#${i + 1}${keys}`,
        rows: s.events.map((e) => (e === null ? (["", "", "", "(missing event)", ""] as Row) : rowOf(e))),
      });
    });
  }

  const widths = HEADERS.map((h) => h.length);
  for (const b of blocks) for (const r of b.rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  const indent = result.kind === "events" ? "" : "  ";
  const line = (cells: readonly string[]): string =>
    (indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")).trimEnd() + "\n";

  let out = line(HEADERS);
  for (const b of blocks) {
    if (b.header !== undefined) out += b.header + "\n";
    for (const r of b.rows) out += line(r);
  }
  const n = hitCount(result);
  const noun = result.kind === "events" ? "event" : "sequence";
  out += `(${n} ${noun}${n === 1 ? "" : "s"})\n`;
  return out;
}

/** ISO-8601 UTC, with nanoseconds when the event has them; "-" when the event has no usable timestamp. */
export function renderTimestamp(e: EventRecord): string {
  if (!Number.isFinite(e.tsMs)) return "-";
  const date = new Date(e.tsMs);
  if (Number.isNaN(date.getTime())) return String(e.tsMs);
  const iso = date.toISOString();
  if (e.tsNs === 0) return iso;
  return `${iso.slice(0, 23)}${String(e.tsNs).padStart(6, "0")}Z`;
}

function renderDetails(e: EventRecord, fields: readonly { name: string; get: FieldGetter }[], max: number): string {
  const parts: string[] = [];
  for (const f of fields) {
    if (parts.length >= max) break;
    const v = f.get(e.source);
    if (v === undefined || v === null || v === "") continue;
    parts.push(`${f.name}=${cut(renderValue(v), MAX_DETAIL)}`);
  }
  return parts.join(" ");
}

function renderValue(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "null";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(renderValue).join(",");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function cut(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t]+/g, " ");
  return flat.length <= max ? flat : flat.slice(0, max - 1) + "…";
}
