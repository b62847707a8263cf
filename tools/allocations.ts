import { readFileSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';
import { parse } from 'yaml';
import { allocationFileOf, readAllocations, renderAllocations } from '../constructs/model/allocations';
import { environmentFiles } from '../constructs/model/environment-file';

/**
 * `npm run allocations -- list [--env <name>]` and `npm run allocations -- release <key> [--env <name>]`.
 *
 * Releasing is the only way an allocated value leaves the record: do it once the site or
 * link that held it is destroyed, so a later one may take the value. A key still used by
 * the environment is refused (synth would allocate it again, perhaps with another value,
 * and re-address what is deployed).
 */
export function allocationsCommand(argv: readonly string[], root: string, log: (line: string) => void): number {
  const [command, ...rest] = argv;
  const envAt = rest.indexOf('--env');
  const envName = envAt >= 0 ? rest[envAt + 1] : undefined;
  const args = rest.filter((_, i) => envAt < 0 || (i !== envAt && i !== envAt + 1));
  const files = environmentFiles(join(root, 'environments'))
    .map((file) => ({ file, name: String((parse(readFileSync(file, 'utf8')) as { name?: unknown } | null)?.name ?? '') }))
    .filter((f) => envName === undefined || f.name === envName);
  if (envName !== undefined && files.length === 0) {
    log(`error: no environment named "${envName}" in environments/.`);
    return 1;
  }
  const records = files.map((f) => ({ ...f, path: allocationFileOf(f.file), ...readAllocations(allocationFileOf(f.file)) }));
  for (const r of records.filter((x) => x.problems.length > 0)) {
    log(`error: ${relative(root, r.path)}: ${r.problems[0].message}`);
    return 1;
  }
  if (command === 'list') {
    for (const r of records) for (const [k, v] of Object.entries(r.allocations)) log(`${r.name}\t${k}\t${JSON.stringify(v)}`);
    return 0;
  }
  if (command !== 'release' || args.length !== 1) {
    log('usage: npm run allocations -- list [--env <name>] | release <key> [--env <name>]');
    return 1;
  }
  const key = args[0];
  const holders = records.filter((r) => key in r.allocations);
  if (holders.length !== 1) {
    log(
      holders.length === 0
        ? `error: no environment records "${key}".`
        : `error: "${key}" is recorded by ${holders.map((h) => h.name).join(', ')}; add --env <name>.`,
    );
    return 1;
  }
  const h = holders[0];
  const env = parse(readFileSync(h.file, 'utf8')) as {
    sites?: Array<{ id?: string }>;
    links?: Array<{ id?: string; between?: string[] }>;
    clusters?: Array<{ id?: string; sites?: string[] }>;
  };
  const [kind, a, b] = key.split('/');
  const inUse =
    (kind === 'asn' && (env.links ?? []).some((l) => l.between?.includes(a))) ||
    (kind === 'tunnels' && (env.links ?? []).some((l) => l.id === a)) ||
    (kind === 'kraft-site' && (env.clusters ?? []).some((c) => c.id === a && c.sites?.includes(b))) ||
    // state-copy/<env>-<cluster>-topics/<site>: in use while that cluster still spans the site.
    (kind === 'state-copy' && (env.clusters ?? []).some((c) => a.endsWith(`-${c.id}-topics`) && c.sites?.includes(b)));
  if (inUse) {
    log(`error: "${key}" is still used by ${h.name}; remove it from ${relative(root, h.file)} and destroy its resources first.`);
    return 1;
  }
  const { [key]: released, ...kept } = h.allocations;
  writeFileSync(h.path, renderAllocations(kept));
  log(`released ${key} (${JSON.stringify(released)}) from ${relative(root, h.path)}; commit it.`);
  return 0;
}

if (require.main === module) {
  const root = resolve(__dirname, __dirname.endsWith(join('dist', 'tools')) ? '../..' : '..');
  process.exitCode = allocationsCommand(process.argv.slice(2), root, (l) => console.log(l));
}
