// # Table sink: alerts for a human at a terminal
//
// One row per alert an analyst would see in Kibana (single-event alerts and sequence shells): event time,
// severity, rule name, host, and the telling fields. A sequence's building blocks follow their shell as
// indented lines, one per event, so the chain (exec → connection) reads top to bottom. Rows are printed at
// close, with column widths fitted to the content.

import type { AlertDoc } from "../../alerts/build.js";
import { fieldValues } from "../../alerts/paths.js";
import { isBuildingBlock, writeOut, type AlertSink, type TextOut } from "./types.js";

const MAX_RULE = 60;
const MAX_DETAIL = 100;

interface Row {
  readonly time: string;
  readonly severity: string;
  readonly rule: string;
  readonly host: string;
  readonly details: string;
  readonly blocks: readonly string[];
}

function first(doc: Record<string, unknown>, path: string): string | undefined {
  const values = fieldValues(doc, path);
  return values.length === 0 ? undefined : values.map(String).join(",");
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

function address(ip: string, port: string | undefined): string {
  if (port === undefined) return ip;
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** The fields that say what happened, in a fixed order, skipping absent ones (`eventOnly`: no process/user). */
function details(doc: Record<string, unknown>, eventOnly = false): string {
  const parts: string[] = [];
  if (!eventOnly) {
    const process = first(doc, "process.executable") ?? first(doc, "process.name");
    if (process !== undefined) parts.push(`process=${process}`);
    const user = first(doc, "user.name");
    if (user !== undefined) parts.push(`user=${user}`);
  } else {
    const commandLine = first(doc, "process.command_line");
    if (commandLine !== undefined && fieldValues(doc, "destination.ip").length === 0) parts.push(`cmd=${commandLine}`);
  }
  const file = first(doc, "file.path");
  if (file !== undefined) parts.push(`file=${file}`);
  const dest = first(doc, "destination.ip");
  if (dest !== undefined) parts.push(`dest=${address(dest, first(doc, "destination.port"))}`);
  const domain = first(doc, "dns.question.name") ?? first(doc, "destination.domain");
  if (domain !== undefined) parts.push(`domain=${domain}`);
  return cut(parts.join(" "), MAX_DETAIL);
}

function blockLine(doc: Record<string, unknown>): string {
  const index = String(doc["kibana.alert.group.index"]);
  const category = first(doc, "event.category") ?? "event";
  const action = first(doc, "event.action");
  const time = String(doc["kibana.alert.original_time"] ?? "");
  return `[${index}] ${time}  ${category}${action !== undefined ? "/" + action : ""}  ${details(doc, true)}`.trimEnd();
}

export function tableSink(out: TextOut): AlertSink {
  const rows: Row[] = [];
  let written = 0;
  let current: { row: Row; blocks: string[] } | undefined;
  const push = (doc: Record<string, unknown>, time: string) => {
    const blocks: string[] = [];
    const row: Row = {
      time,
      severity: String(doc["kibana.alert.severity"] ?? ""),
      rule: cut(String(doc["kibana.alert.rule.name"] ?? ""), MAX_RULE),
      host: first(doc, "host.name") ?? "-",
      details: details(doc),
      blocks,
    };
    rows.push(row);
    current = { row, blocks };
  };
  return {
    async write(alerts: readonly AlertDoc[]) {
      written += alerts.length;
      for (let i = 0; i < alerts.length; i++) {
        const alert = alerts[i]!;
        const doc = alert._source;
        if (isBuildingBlock(alert)) {
          current?.blocks.push(blockLine(doc));
          continue;
        }
        // A shell's own original_time is the alert time; show when its first event happened instead.
        const next = alerts[i + 1];
        const eventTime = next !== undefined && isBuildingBlock(next) ? next._source["kibana.alert.original_time"] : doc["kibana.alert.original_time"];
        push(doc, String(eventTime ?? doc["@timestamp"] ?? ""));
      }
    },
    async close() {
      if (rows.length === 0) {
        await writeOut(out, "No alerts.\n");
        return { written };
      }
      const header = { time: "TIME", severity: "SEVERITY", rule: "RULE", host: "HOST" };
      const w = {
        time: Math.max(header.time.length, ...rows.map((r) => r.time.length)),
        severity: Math.max(header.severity.length, ...rows.map((r) => r.severity.length)),
        rule: Math.max(header.rule.length, ...rows.map((r) => r.rule.length)),
        host: Math.max(header.host.length, ...rows.map((r) => r.host.length)),
      };
      const line = (time: string, severity: string, rule: string, host: string, rest: string) =>
        `${time.padEnd(w.time)}  ${severity.padEnd(w.severity)}  ${rule.padEnd(w.rule)}  ${host.padEnd(w.host)}  ${rest}`.trimEnd() + "\n";
      let text = line(header.time, header.severity, header.rule, header.host, "DETAILS");
      for (const r of rows) {
        text += line(r.time, r.severity, r.rule, r.host, r.details);
        for (const b of r.blocks) text += `    ${b}\n`;
      }
      await writeOut(out, text);
      return { written };
    },
  };
}
