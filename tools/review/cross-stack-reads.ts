/**
 * Cross-stack reads found in the synthesized output, independent of what the plan
 * declares: a stack that looks up, by name, something another stack creates (a data
 * source by name or tag, or a planned name written into its own resources). Each read
 * must be deployed after its producer; the review and a test compare this with the
 * deploy waves, so an undeclared read is caught even when the plan forgets it.
 */
export interface CrossStackRead {
  readonly reader: string;
  readonly producer: string;
  /** The name read, and where: `data.aws_msk_cluster.x` or `resource aws_...`. */
  readonly name: string;
  readonly via: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON has no static shape
type Json = Record<string, any>;

/** Attributes that name what a resource is (what a lookup by name would match). */
const NAME_ATTRIBUTES = ['name', 'cluster_name', 'cluster_id', 'namespace_name', 'bucket'];

/** Names a stack's resources carry, of at least 12 characters so common words never match. */
function producedNames(json: Json): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, items] of Object.entries((json.resource ?? {}) as Record<string, Json>)) {
    for (const [id, body] of Object.entries(items)) {
      const names = [...NAME_ATTRIBUTES.map((a) => body[a]), body.tags?.Name];
      for (const n of names) if (typeof n === 'string' && n.length >= 12 && !n.includes('${')) out.set(n, `${type}.${id}`);
    }
  }
  return out;
}

/**
 * Watches name what they watch but never fail a deploy when it is missing yet (an alarm
 * waits for data); they are not reads.
 */
const WATCH_TYPES = /(dashboard|alarm|alert_policy|monitor_)/;
/** Read when the machine boots, which retries until the producer exists: not a deploy-time read. */
const RUNTIME_ATTRIBUTES = new Set(['user_data']);

/** Every string in a value, except under run-time attributes. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (!RUNTIME_ATTRIBUTES.has(k)) strings(v, out);
  return out;
}

/** A glob of a tag filter (`name-*`) as a regex. */
function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** Whole-name occurrence: names are delimited by characters that cannot be part of a name. */
function mentions(text: string, name: string): boolean {
  let at = text.indexOf(name);
  while (at >= 0) {
    const before = at === 0 ? '' : text[at - 1];
    const after = text[at + name.length] ?? '';
    if (!/[A-Za-z0-9_-]/.test(before) && !/[A-Za-z0-9_-]/.test(after)) return true;
    at = text.indexOf(name, at + 1);
  }
  return false;
}

/** Cross-stack reads among the synthesized stacks of one estate (each `cdk.tf.json` parsed). */
export function crossStackReads(stacks: ReadonlyArray<{ readonly name: string; readonly json: Json }>): CrossStackRead[] {
  const produced = stacks.map((s) => ({ name: s.name, names: producedNames(s.json) }));
  const out: CrossStackRead[] = [];
  const seen = new Set<string>();
  const add = (r: CrossStackRead) => {
    const key = `${r.reader}<${r.producer}:${r.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(r);
  };
  for (const s of stacks) {
    const own = produced.find((p) => p.name === s.name)!.names;
    const blocks: Array<[string, unknown]> = [];
    for (const [type, items] of Object.entries((s.json.data ?? {}) as Record<string, Json>))
      for (const [id, body] of Object.entries(items)) blocks.push([`data.${type}.${id}`, body]);
    for (const [type, items] of Object.entries((s.json.resource ?? {}) as Record<string, Json>))
      if (!WATCH_TYPES.test(type)) for (const [id, body] of Object.entries(items)) blocks.push([`${type}.${id}`, body]);
    for (const [via, body] of blocks) {
      const texts = strings(body);
      const filters = via.startsWith('data.')
        ? ((body as Json).filter ?? []).filter((f: Json) => String(f.name).startsWith('tag:')).flatMap((f: Json) => f.values as string[])
        : [];
      for (const p of produced) {
        if (p.name === s.name) continue;
        for (const name of p.names.keys()) {
          if (own.has(name)) continue;
          const hit = texts.some((t) => mentions(t, name)) || filters.some((f: string) => f.includes('*') && glob(f).test(name));
          if (hit) add({ reader: s.name, producer: p.name, name, via });
        }
      }
    }
  }
  return out;
}
