import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * The synthesized plan as the review reads it: cdktf.out/manifest.json and each
 * stack's cdk.tf.json. Nothing here knows about environments or clouds, so every
 * stack a new estate adds shows up without changes to the review.
 */
export interface SynthResource {
  readonly stack: string;
  readonly type: string;
  /** Terraform name inside the stack (the construct's friendly unique id). */
  readonly name: string;
  /** Terraform address inside the stack: `type.name`. */
  readonly address: string;
  /** Construct path, e.g. `dev-fra/main/Resource`. */
  readonly constructPath: string;
  readonly preventDestroy: boolean;
  /** Canonical JSON of the resource's arguments (construct metadata removed), for change detection. */
  readonly body: string;
  /** The resource's arguments, for readers that need a field (kubernetes_manifest kinds). */
  readonly config: Readonly<Record<string, unknown>>;
}

export interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

/** A provider configuration of a stack: what it calls when Terraform plans. */
export interface SynthProvider {
  readonly type: string;
  readonly alias?: string;
  readonly region?: string;
  /** Kubernetes API URL (kubernetes provider). */
  readonly host?: string;
  /** Kafka bootstrap servers (Kafka provider). */
  readonly bootstrapServers?: readonly string[];
}

export interface SynthStack {
  readonly name: string;
  /** Provider configurations, in the order the stack declares them. */
  readonly providers: readonly SynthProvider[];
  /** Backends of the other stacks' states this one reads (data.terraform_remote_state), by type with their configuration. */
  readonly remoteStates: ReadonlyArray<{ readonly backend: string; readonly config: Readonly<Record<string, unknown>> }>;
  /** Stacks this one must be deployed after (cdktf records cross-stack references and addDependency here). */
  readonly dependencies: string[];
  /** Backend in words, from the synthesized terraform.backend block. */
  readonly backend: string;
  readonly resources: SynthResource[];
  readonly moved: MovedBlock[];
  /** Canonical JSON of the whole stack: two syntheses differ exactly when Terraform may plan something. */
  readonly fingerprint: string;
}

interface StackJson {
  '//'?: unknown;
  provider?: Record<string, Array<Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  terraform?: { backend?: Record<string, Record<string, unknown>> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  moved?: Array<{ from: string; to: string }>;
}

interface ManifestJson {
  stacks: Record<string, { name: string; dependencies?: string[]; synthesizedStackPath: string }>;
}

/** Reads every stack of a synth output folder; throws with the fix when the folder is not one. */
export function readSynthOutput(outdir: string): SynthStack[] {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new Error(`${manifestFile} does not exist; run \`npm run synth\` first.`);
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ManifestJson;
  return Object.values(manifest.stacks)
    .map((s) =>
      parseStack(s.name, s.dependencies ?? [], JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), 'utf8')) as StackJson),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function parseStack(name: string, dependencies: string[], json: StackJson): SynthStack {
  const resources: SynthResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [rname, raw] of Object.entries(byName)) {
      const { '//': meta, ...config } = raw as Record<string, unknown> & { '//'?: { metadata?: { path?: string } } };
      const lifecycle = config.lifecycle as { prevent_destroy?: boolean } | undefined;
      resources.push({
        stack: name,
        type,
        name: rname,
        address: `${type}.${rname}`,
        constructPath: meta?.metadata?.path ?? `${name}/${rname}`,
        preventDestroy: lifecycle?.prevent_destroy === true,
        body: canonicalJson(config),
        config,
      });
    }
  }
  const providers = Object.entries(json.provider ?? {}).flatMap(([type, list]) =>
    list.map((p): SynthProvider => ({
      type,
      alias: typeof p.alias === 'string' ? p.alias : undefined,
      region: typeof p.region === 'string' ? p.region : undefined,
      host: typeof p.host === 'string' ? p.host : undefined,
      bootstrapServers: Array.isArray(p.bootstrap_servers) ? (p.bootstrap_servers as string[]) : undefined,
    })),
  );
  const remoteStates = Object.values(json.data?.terraform_remote_state ?? {}).map((d) => ({
    backend: String(d.backend),
    config: (d.config ?? {}) as Record<string, unknown>,
  }));
  return {
    name,
    providers,
    remoteStates,
    dependencies: [...dependencies].sort(),
    backend: describeSynthBackend(json.terraform?.backend),
    resources: resources.sort((a, b) => a.address.localeCompare(b.address)),
    moved: (json.moved ?? []).map((m) => ({ from: m.from, to: m.to })),
    fingerprint: canonicalJson({ ...json, '//': undefined }),
  };
}

function describeSynthBackend(backend: Record<string, Record<string, unknown>> | undefined): string {
  const [type, cfg] = Object.entries(backend ?? {})[0] ?? ['local', {}];
  const s = (k: string) => (cfg[k] === undefined ? '' : String(cfg[k]));
  switch (type) {
    case 'local':
      return `local (${s('path') || 'terraform.tfstate'})`;
    case 's3':
      return `s3://${s('bucket')}/${s('key')} (${s('region')}${cfg.encrypt ? ', encrypted' : ''}${cfg.use_lockfile ? ', locked' : ''})`;
    case 'azurerm':
      return `azurerm ${s('storage_account_name')}/${s('container_name')}/${s('key')}`;
    case 'gcs':
      return `gcs://${s('bucket')}/${s('prefix')}`;
    default:
      return type;
  }
}

/** JSON with sorted keys, so two syntheses of the same resource compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * Deploy waves: stacks of one wave depend only on earlier waves. Throws on a cycle
 * (cdktf would refuse to deploy it too) naming the stacks in it.
 */
export function deployWaves(stacks: readonly Pick<SynthStack, 'name' | 'dependencies'>[]): string[][] {
  const names = new Set(stacks.map((s) => s.name));
  const pending = new Map(stacks.map((s) => [s.name, s.dependencies.filter((d) => names.has(d))]));
  const waves: string[][] = [];
  const done = new Set<string>();
  while (pending.size > 0) {
    const ready = [...pending]
      .filter(([, deps]) => deps.every((d) => done.has(d)))
      .map(([n]) => n)
      .sort();
    if (ready.length === 0) throw new Error(`stack dependencies form a cycle: ${[...pending.keys()].sort().join(', ')}.`);
    for (const n of ready) {
      pending.delete(n);
      done.add(n);
    }
    waves.push(ready);
  }
  return waves;
}
