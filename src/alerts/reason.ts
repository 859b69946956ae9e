// # kibana.alert.reason
//
// The one-line summary Kibana writes on every security alert (reason_formatters.ts):
//   [<category> ]event[ with][ process P,][ parent process PP,][ file F,][ source IP][:PORT,]
//   [ destination IP][:PORT,][ by USER][ on HOST] created <severity> alert <rule name>.
// A value is shown when it is a non-empty string or a non-empty array (joined with ", "), except the lone
// placeholder "-". Numbers are *not* shown (Kibana tests `.length`), which is why a port appears only when it
// is read from Elasticsearch's `fields` block, where every value is an array. Kibana reads `fields` for event
// and building-block alerts and, having neither `fields` nor `_source`, the merged document itself for
// sequence shells, so shells never show ports. `readReasonFields` reproduces both readings.

import { fieldsEntry, lodashGet } from "./paths.js";

export interface ReasonFields {
  readonly eventCategory: unknown;
  readonly processName: unknown;
  readonly processParentName: unknown;
  readonly fileName: unknown;
  readonly sourceAddress: unknown;
  readonly sourcePort: unknown;
  readonly destinationAddress: unknown;
  readonly destinationPort: unknown;
  readonly userName: unknown;
  readonly hostName: unknown;
}

const PATHS: Readonly<Record<keyof ReasonFields, string>> = {
  eventCategory: "event.category",
  processName: "process.name",
  processParentName: "process.parent.name",
  fileName: "file.name",
  sourceAddress: "source.ip",
  sourcePort: "source.port",
  destinationAddress: "destination.ip",
  destinationPort: "destination.port",
  userName: "user.name",
  hostName: "host.name",
};

/** The reason fields of an event as Elasticsearch's `fields` block renders them (arrays of leaf values). */
export function reasonFieldsFromEvent(source: unknown): ReasonFields {
  return readWith((path) => fieldsEntry(source, path));
}

/** The reason fields of a merged (intersected) document, read with lodash `get` as Kibana does for shells. */
export function reasonFieldsFromDoc(doc: unknown): ReasonFields {
  return readWith((path) => lodashGet(doc, path));
}

function readWith(read: (path: string) => unknown): ReasonFields {
  const out: Record<string, unknown> = {};
  for (const [key, path] of Object.entries(PATHS)) out[key] = read(path) ?? null;
  return out as unknown as ReasonFields;
}

/** Kibana's `getFieldTemplateValue`: the text to show, or null to leave the part out. */
function show(value: unknown): string | null {
  if (typeof value === "string") return value.length === 0 || value === "-" ? null : value;
  if (Array.isArray(value)) {
    if (value.length === 0 || (value.length === 1 && value[0] === "-")) return null;
    return value.map(joinable).join(", ");
  }
  return null;
}

/** How Array.prototype.join renders an element (null/undefined as empty, objects as "[object Object]"). */
function joinable(item: unknown): string {
  if (item === null || item === undefined) return "";
  return String(item);
}

export function buildReason(fields: ReasonFields, severity: string, ruleName: string): string {
  const category = show(fields.eventCategory);
  const process = show(fields.processName);
  const parent = show(fields.processParentName);
  const file = show(fields.fileName);
  const source = show(fields.sourceAddress);
  const sourcePort = show(fields.sourcePort);
  const destination = show(fields.destinationAddress);
  const destinationPort = show(fields.destinationPort);
  const user = show(fields.userName);
  const host = show(fields.hostName);
  const withWord = [process, parent, file, source, sourcePort, destination, destinationPort].some((v) => v !== null);

  let text = category !== null ? `${category} event` : "event";
  if (withWord) text += " with";
  if (process !== null) text += ` process ${process},`;
  if (parent !== null) text += ` parent process ${parent},`;
  if (file !== null) text += ` file ${file},`;
  if (source !== null) text += ` source ${source}`;
  if (sourcePort !== null) text += `:${sourcePort},`;
  if (destination !== null) text += ` destination ${destination}`;
  if (destinationPort !== null) text += `:${destinationPort},`;
  if (user !== null) text += ` by ${user}`;
  if (host !== null) text += ` on ${host}`;
  return `${text} created ${severity} alert ${ruleName}.`;
}
