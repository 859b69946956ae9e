// # Kibana's schedule: rule interval and look-back window
//
// A Kibana rule runs every `interval` ("5m") and each run searches [now + from, now + to] with date math
// relative to the run's start (`from` "now-9m", `to` "now"). Replaying data the Kibana way means running
// the rule at every interval boundary T (epoch-aligned: T = j · interval) with those windows.

export interface Schedule {
  readonly intervalMs: number;
  /** Window start relative to the run time (negative). */
  readonly fromMs: number;
  /** Window end relative to the run time (usually 0). */
  readonly toMs: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "5m", "30s", "1h", "2d" → milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+)\s*(ms|s|m|h|d|w)\s*$/.exec(text);
  if (m === null) return undefined;
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

/** Kibana date math relative to now: "now", "now-9m", "now+1h" → offset in ms; undefined otherwise. */
export function parseNowOffset(text: string): number | undefined {
  const t = text.trim();
  if (t === "now") return 0;
  const m = /^now\s*([+-])\s*(\d+)\s*(ms|s|m|h|d|w)$/.exec(t);
  if (m === null) return undefined;
  const ms = Number(m[2]) * UNIT_MS[m[3]!]!;
  return m[1] === "-" ? -ms : ms;
}

/** The rule's own schedule (Kibana's defaults: 5m, now-6m, now). */
export function ruleSchedule(rule: { readonly interval: string; readonly from: string; readonly to: string }): Schedule {
  return {
    intervalMs: parseDuration(rule.interval) ?? 300_000,
    fromMs: parseNowOffset(rule.from) ?? -360_000,
    toMs: parseNowOffset(rule.to) ?? 0,
  };
}

/** `--kibana-windows 5m/9m`: interval 5m, look-back 9m (window [T−9m, T]). */
export function parseWindowSpec(text: string): Schedule | undefined {
  const m = /^([^/]+)\/([^/]+)$/.exec(text.trim());
  if (m === null) return undefined;
  const interval = parseDuration(m[1]!);
  const lookback = parseDuration(m[2]!);
  if (interval === undefined || lookback === undefined || interval <= 0 || lookback <= 0) return undefined;
  return { intervalMs: interval, fromMs: -lookback, toMs: 0 };
}

/** Run times T (ascending, multiples of the interval) whose window [T + fromMs, T + toMs] contains `ms`. */
export function runsContaining(ms: number, schedule: Schedule): number[] {
  // T + fromMs <= ms <= T + toMs  ⇔  ms − toMs <= T <= ms − fromMs (both ends inclusive, as Kibana's range)
  const interval = schedule.intervalMs;
  const out: number[] = [];
  for (let j = Math.ceil((ms - schedule.toMs) / interval); j * interval <= ms - schedule.fromMs; j++) out.push(j * interval);
  return out;
}
