// # SQLite sink: a local alerts store that de-duplicates across runs
//
// `--out alerts.db`. One row per alert document, keyed by the alert id, so running the same rules over the
// same (or overlapping) data again stores nothing twice: INSERT OR IGNORE, as Kibana skips alert ids that are
// already in its index. The close summary says how many rows were new and how many were duplicates.
//
//   SELECT rule_name, severity, original_time FROM alerts WHERE building_block = 0 ORDER BY original_time;

import { createRequire } from "node:module";
import { alertSourceJson, type AlertDoc } from "../../alerts/build.js";
import { isBuildingBlock, type AlertSink } from "./types.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  id             TEXT PRIMARY KEY,
  rule_id        TEXT NOT NULL,
  rule_uuid      TEXT NOT NULL,
  rule_name      TEXT NOT NULL,
  severity       TEXT,
  risk_score     REAL,
  timestamp      TEXT NOT NULL,
  original_time  TEXT,
  group_id       TEXT,
  building_block INTEGER NOT NULL,
  reason         TEXT,
  doc            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_rule ON alerts(rule_id);
CREATE INDEX IF NOT EXISTS alerts_time ON alerts(original_time);
CREATE INDEX IF NOT EXISTS alerts_group ON alerts(group_id);
`;

// better-sqlite3 ships no type declarations; this is the small part of its API the sink uses.
interface Statement {
  run(...params: unknown[]): { changes: number };
}
interface SqliteDatabase {
  pragma(text: string): unknown;
  exec(sql: string): unknown;
  prepare(sql: string): Statement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}
type DatabaseConstructor = new (path: string) => SqliteDatabase;

function openDatabase(path: string): SqliteDatabase {
  const Database = createRequire(import.meta.url)("better-sqlite3") as DatabaseConstructor;
  return new Database(path);
}

/** True when an --out path names a SQLite database (by extension). */
export function isSqlitePath(path: string): boolean {
  return /\.(db|sqlite|sqlite3)$/i.test(path);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

export function sqliteSink(path: string): AlertSink {
  const db = openDatabase(path);
  db.pragma("journal_mode = WAL");
  db.exec(SCHEMA);
  const insert = db.prepare(
    `INSERT OR IGNORE INTO alerts (id, rule_id, rule_uuid, rule_name, severity, risk_score, timestamp, original_time, group_id, building_block, reason, doc)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let written = 0;
  let inserted = 0;
  const insertAll = db.transaction((alerts: readonly AlertDoc[]) => {
    for (const a of alerts) {
      const s = a._source;
      const risk = s["kibana.alert.risk_score"];
      const result = insert.run(
        a._id,
        String(s["kibana.alert.rule.rule_id"] ?? ""),
        String(s["kibana.alert.rule.uuid"] ?? ""),
        String(s["kibana.alert.rule.name"] ?? ""),
        text(s["kibana.alert.severity"]),
        typeof risk === "number" ? risk : null,
        String(s["@timestamp"] ?? ""),
        text(s["kibana.alert.original_time"]),
        text(s["kibana.alert.group.id"]),
        isBuildingBlock(a) ? 1 : 0,
        text(s["kibana.alert.reason"]),
        alertSourceJson(a),
      );
      inserted += result.changes;
    }
  });
  return {
    async write(alerts: readonly AlertDoc[]) {
      if (alerts.length === 0) return;
      written += alerts.length;
      insertAll(alerts);
    },
    async close() {
      db.close();
      return { written, inserted, duplicates: written - inserted };
    },
  };
}
