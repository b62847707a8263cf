/**
 * A small YAML writer for manifest data (maps, lists, strings, numbers, booleans).
 * The `yaml` package's stringify costs ~8 ms per bundle, 8 s for a 1,000-site fleet;
 * manifests need none of its generality. Strings that could read as anything but a
 * string are written JSON-quoted, which YAML reads as a double-quoted scalar. The
 * tests parse every bundle back with the `yaml` package and compare.
 */
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const AMBIGUOUS = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

function scalar(v: unknown): string {
  if (typeof v === 'string') return PLAIN.test(v) && !AMBIGUOUS.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} in a manifest`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  throw new Error(`cannot write a ${typeof v} in a manifest`);
}

const isCollection = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === 'object';
const isEmpty = (v: Record<string, unknown> | unknown[]) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);

function lines(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isCollection(item) && !isEmpty(item)) {
        const nested: string[] = [];
        lines(item, `${indent}  `, nested);
        out.push(`${indent}- ${nested[0].slice(indent.length + 2)}`, ...nested.slice(1));
      } else out.push(`${indent}- ${isCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`);
    }
    return;
  }
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (val === undefined) continue;
    const key = scalar(k);
    if (isCollection(val) && !isEmpty(val)) {
      out.push(`${indent}${key}:`);
      lines(val, Array.isArray(val) ? `${indent}  ` : `${indent}  `, out);
    } else out.push(`${indent}${key}: ${isCollection(val) ? (Array.isArray(val) ? '[]' : '{}') : scalar(val)}`);
  }
}

/** One YAML document (no leading `---`) for a JSON-like value. */
export function toYaml(value: Record<string, unknown> | unknown[]): string {
  const out: string[] = [];
  lines(value, '', out);
  return `${out.join('\n')}\n`;
}
