/** Durations are written as in the runbooks: `0s`, `30s`, `5m`, `4h`, `7d`, `500ms`. */
export const DURATION_PATTERN = /^(0|\d+(\.\d+)?(ms|s|m|h|d|w))$/;

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export type Duration = string;

/** Seconds in a duration string; throws on a string the schema would have rejected. */
export function durationSeconds(d: Duration): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)?$/.exec(d.trim());
  if (!m || (m[2] === undefined && m[1] !== '0')) {
    throw new Error(`"${d}" is not a duration; write it like 30s, 5m, 4h or 7d`);
  }
  return m[2] === undefined ? 0 : Number(m[1]) * UNIT_SECONDS[m[2]];
}

export function durationMs(d: Duration): number {
  return Math.round(durationSeconds(d) * 1000);
}

/** Human form of a number of seconds, largest whole unit: 3600 -> "1h", 90 -> "90s". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return 'unbounded';
  if (s === 0) return '0s';
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (s >= size && s % size === 0) return `${s / size}${unit}`;
  }
  return s < 1 ? `${Math.round(s * 1000)}ms` : `${Math.round(s)}s`;
}
