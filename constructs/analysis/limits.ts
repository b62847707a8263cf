import { canonicalCidr, isIpv4Cidr, parseCidr } from '../model/cidr';
import { durationSeconds } from '../model/duration';
import {
  AWS_TAGS,
  AZURE_TAGS,
  awsTagProblem,
  azureContainerProblem,
  azureResourceGroupProblem,
  azureStorageAccountProblem,
  azureTagProblem,
  CLIENT_CIDR_MIN_PREFIX,
  CLOUD_NETWORK_PREFIX,
  dnsSubdomainProblem,
  GCP_LABELS,
  gcsBucketProblem,
  gcpLabelPart,
  gcpLabelProblem,
  kafkaCollisionKey,
  kafkaTopicNameProblem,
  kubeApiProblem,
  MAX_RETENTION_MS,
  portProblem,
  PRODUCT_TAG_ALLOWANCE,
  reservedRangeOf,
  S3_KEY_MAX_BYTES,
  s3BucketProblem,
} from '../model/limits';
import { stackNames, standardTags, stateAccessLogBucket } from '../model/naming';
import { nearest, type Problem } from '../model/problems';
import { REGION_PLACEHOLDER, type Backend, type Environment, type SiteBackend } from '../model/schema';
import { edgeSitePlans } from './edge';
import { cloudOf, problem, topicNamesByCluster, type NameOnCluster } from './kind-limits';

/**
 * Every value checked against the limits of the system it lands in (model/limits.ts
 * names each limit and its source), every list of ids checked for duplicates, and the
 * names the product derives from ids checked for clashes (stacks, Terraform addresses,
 * Kafka topics). An environment that passes these never makes a cloud, Kafka or cdktf
 * refuse what the product wrote.
 */

// ---------------------------------------------------------------------------------
// Kafka topic names, as created on each cluster

export function checkKafkaNames(env: Environment): Problem[] {
  const out: Problem[] = [];
  for (const [cluster, names] of topicNamesByCluster(env)) {
    const seen = new Map<string, NameOnCluster>();
    const reported = new Set<string>();
    for (const n of names) {
      const bad = kafkaTopicNameProblem(n.name);
      if (bad && !reported.has(n.path)) {
        reported.add(n.path);
        out.push(
          problem(
            n.path,
            `${n.what} on cluster "${cluster}": ${bad}.`,
            `shorten or rename it; Kafka topic names are at most 249 of [a-zA-Z0-9._-].`,
          ),
        );
        continue;
      }
      const key = kafkaCollisionKey(n.name);
      const other = seen.get(key);
      // Two declared topics are checkTopics' (validate.ts); copies the product creates are this check's.
      const bothDeclared = other?.path.startsWith('topics[') && n.path.startsWith('topics[');
      if (other && other.name !== n.name && !bothDeclared && !reported.has(n.path)) {
        reported.add(n.path);
        out.push(
          problem(
            n.path,
            `${n.what} collides on cluster "${cluster}" with ${other.what} (${other.path}): Kafka treats "." and "_" alike in topic names and refuses the second.`,
            'use either dots or underscores in the topic names of one cluster, not both.',
          ),
        );
      } else if (!other) seen.set(key, n);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------
// Site networks against each cloud and the subnets the product cuts from them

export function checkSiteNetworks(env: Environment): Problem[] {
  const out: Problem[] = [];
  env.sites.forEach((s, i) => {
    const at = `sites[${i}].cidr`;
    if (!isIpv4Cidr(s.cidr) || canonicalCidr(s.cidr) !== s.cidr) return; // checkSites reports it
    const reserved = reservedRangeOf(s.cidr);
    if (reserved)
      out.push(
        problem(
          at,
          `${s.cidr} of site "${s.id}" overlaps ${reserved}, which no network may use.`,
          'use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16).',
        ),
      );
    (s.clientCidrs ?? []).forEach((c, j) => {
      if (!isIpv4Cidr(c) || canonicalCidr(c) !== c || c.endsWith('/0')) return;
      const p = parseCidr(c).prefix;
      if (p < CLIENT_CIDR_MIN_PREFIX)
        out.push(
          problem(
            `sites[${i}].clientCidrs[${j}]`,
            `"${c}" admits ${(2 ** (32 - p)).toLocaleString('en-US')} addresses, a ${((2 ** (32 - p) / 2 ** 32) * 100).toFixed(0)}% share of the internet; client networks may be /${CLIENT_CIDR_MIN_PREFIX} at the broadest.`,
            'name the client networks themselves (their /16s or /24s).',
          ),
        );
    });
    const cloud = cloudOf(s);
    if (!cloud) return;
    const prefix = parseCidr(s.cidr).prefix;
    const limit = CLOUD_NETWORK_PREFIX[cloud];
    // Too small a range is checkConstructLimits' (construct-limits.ts): what the product cuts needs more than the cloud's minimum.
    if (prefix < limit.min)
      out.push(problem(at, `${s.cidr} of site "${s.id}" is a /${prefix}; ${limit.source}.`, `use a /${limit.min} or smaller range.`));
  });
  return out;
}

// ---------------------------------------------------------------------------------
// Tags and labels, per cloud the tags land in

export function checkTags(env: Environment): Problem[] {
  const out: Problem[] = [];
  const clouds = new Set(env.sites.map(cloudOf).filter((c): c is 'aws' | 'azure' | 'gcp' => c !== undefined));
  const product = Object.keys(standardTags({ env: env.name, site: 'x', owner: env.owner, component: 'x' }));
  const checkSet = (tags: Record<string, string>, base: string, on: ReadonlySet<'aws' | 'azure' | 'gcp'>) => {
    for (const [k, v] of Object.entries(tags)) {
      const path = `${base}.${k}`;
      if (product.includes(k)) {
        out.push(
          problem(
            path,
            `tag "${k}" is set by the product on every resource; the file's value would be dropped.`,
            `remove it, or use another key.`,
          ),
        );
        continue;
      }
      for (const cloud of on) {
        const bad = cloud === 'aws' ? awsTagProblem(k, v) : cloud === 'azure' ? azureTagProblem(k, v) : gcpLabelProblem(k, v);
        if (bad)
          out.push(problem(path, `tag ${JSON.stringify(k)}: ${bad} (it lands on ${cloud} resources).`, 'shorten or rename the tag.'));
      }
    }
  };
  checkSet(env.tags ?? {}, 'tags', clouds);
  for (const cloud of clouds) {
    const bad =
      cloud === 'aws'
        ? awsTagProblem('owner', env.owner)
        : cloud === 'azure'
          ? azureTagProblem('owner', env.owner)
          : gcpLabelProblem('owner', env.owner);
    if (bad)
      out.push(problem('owner', `owner is tagged on every resource: ${bad} (on ${cloud}).`, 'write the owning team as a short name.'));
  }
  env.sites.forEach((s, i) => {
    const cloud = cloudOf(s);
    checkSet(s.tags ?? {}, `sites[${i}].tags`, new Set(cloud ? [cloud] : []));
    if (!cloud) return;
    const merged = { ...(env.tags ?? {}), ...(s.tags ?? {}) };
    const limit = cloud === 'aws' ? AWS_TAGS.perResource : cloud === 'azure' ? AZURE_TAGS.perResource : GCP_LABELS.perResource;
    if (Object.keys(merged).length + PRODUCT_TAG_ALLOWANCE > limit)
      out.push(
        problem(
          s.tags ? `sites[${i}].tags` : 'tags',
          `site "${s.id}" carries ${Object.keys(merged).length} tags from the file plus up to ${PRODUCT_TAG_ALLOWANCE} of the product's; ${cloud} allows ${limit} per resource.`,
          `keep at most ${limit - PRODUCT_TAG_ALLOWANCE} tags in the file.`,
        ),
      );
    if (cloud === 'gcp') {
      // Tags become labels by lowercasing and replacing other characters with "_": two keys may become one.
      const byLabel = new Map<string, string>();
      for (const k of Object.keys(merged)) {
        const label = gcpLabelPart(k);
        const other = byLabel.get(label);
        if (other !== undefined && other !== k)
          out.push(
            problem(
              s.tags && k in s.tags ? `sites[${i}].tags.${k}` : `tags.${k}`,
              `tags "${other}" and "${k}" both become the Google label "${label}" on site "${s.id}"; one would silently replace the other.`,
              'rename one of them so that their lowercase forms differ.',
            ),
          );
        else byLabel.set(label, k);
      }
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------
// State backend names

const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20);

/** Names of one declared store (the environment's, a site's, or a per-region template filled in for one region) at `at`. */
function checkStoreNames(env: Environment, at: string, b: Backend | SiteBackend | undefined, region?: string): Problem[] {
  const out: Problem[] = [];
  const where = region ? ` (for ${region})` : '';
  const bad = (path: string, why: string | undefined, fix: string) => why && out.push(problem(`${at}${path}`, `${why}${where}.`, fix));
  if (b?.type === 's3') {
    bad(
      '.bucket',
      s3BucketProblem(b.bucket) && `bucket "${b.bucket}": ${s3BucketProblem(b.bucket)}`,
      'use the name of the state bucket as S3 shows it.',
    );
    const longest = Math.max(0, ...stackNames(env).map((s) => s.name.length));
    const keyBytes = Buffer.byteLength(`${b.keyPrefix ?? env.name}/`, 'utf8') + longest + '.tfstate'.length;
    if (keyBytes > S3_KEY_MAX_BYTES)
      bad(
        '.keyPrefix',
        `state keys would be ${keyBytes} bytes; S3 object keys are at most ${S3_KEY_MAX_BYTES} bytes`,
        'shorten keyPrefix.',
      );
    if (b.keyPrefix !== undefined && (/(^|\/)\.\.?(\/|$)/.test(b.keyPrefix) || b.keyPrefix.startsWith('/') || hasControl(b.keyPrefix)))
      bad(
        '.keyPrefix',
        `keyPrefix "${b.keyPrefix}" holds "."/".." segments, a leading "/" or control characters`,
        'write a plain path such as teams/payments.',
      );
    if (
      b.kmsKeyId !== undefined &&
      !/^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+|alias\/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/.test(
        b.kmsKeyId,
      )
    )
      bad(
        '.kmsKeyId',
        `kmsKeyId "${b.kmsKeyId}" is no KMS key id, alias or ARN`,
        'use arn:aws:kms:<region>:<account>:key/<id>, alias/<name> or the key id.',
      );
  } else if (b?.type === 'azurerm') {
    bad(
      '.storageAccountName',
      azureStorageAccountProblem(b.storageAccountName) &&
        `storage account "${b.storageAccountName}": ${azureStorageAccountProblem(b.storageAccountName)}`,
      'use the storage account name as Azure shows it (a per-region template: shorten the part around {region}).',
    );
    bad('.containerName', azureContainerProblem(b.containerName), 'use the container name as Azure shows it.');
    bad('.resourceGroupName', azureResourceGroupProblem(b.resourceGroupName), 'use the resource group name as Azure shows it.');
  } else if (b?.type === 'gcs') {
    bad(
      '.bucket',
      gcsBucketProblem(b.bucket) && `bucket "${b.bucket}": ${gcsBucketProblem(b.bucket)}`,
      'use the bucket name as Cloud Storage shows it.',
    );
    if (b.prefix !== undefined && (/(^|\/)\.\.?(\/|$)/.test(b.prefix) || b.prefix.startsWith('/') || hasControl(b.prefix)))
      bad(
        '.prefix',
        `prefix "${b.prefix}" holds "."/".." segments, a leading "/" or control characters`,
        'write a plain path such as teams/payments.',
      );
  }
  return out;
}

/**
 * State store names: the environment's store, each site's own, and a per-region template
 * filled in for every region that has sites of its cloud (bucket and account names are global
 * and bounded, so `{region}` must leave a valid name in each).
 */
export function checkBackendNames(env: Environment): Problem[] {
  const b = env.backend;
  const out = env.sites.flatMap((site, i) => checkStoreNames(env, `sites[${i}].backend`, site.backend));
  if (b?.type !== 'per-region') return [...checkStoreNames(env, 'backend', b), ...out];
  const regions = (cloud: string) => [...new Set(env.sites.filter((s) => s.cloud === cloud && !s.backend).map((s) => s.region))];
  const fill = (t: string, r: string) => t.split(REGION_PLACEHOLDER).join(r);
  const seen = new Set<string>();
  const once = (ps: Problem[]) => ps.filter((p) => !seen.has(p.path + p.message) && seen.add(p.path + p.message));
  // The bootstrap creates an access-log bucket beside each state bucket, named after it.
  const logBucket = (at: string, why: (name: string) => string | undefined, bucket: string, r: string) => {
    const name = stateAccessLogBucket(bucket);
    const bad = why(name);
    if (bad)
      out.push(
        ...once([
          problem(
            at,
            `the access-log bucket "${name}" the bootstrap creates beside the state bucket: ${bad} (for ${r}).`,
            'shorten the bucket name.',
          ),
        ]),
      );
  };
  for (const r of regions('aws'))
    if (b.aws) {
      out.push(...once(checkStoreNames(env, 'backend.aws', { type: 's3', region: r, ...b.aws, bucket: fill(b.aws.bucket, r) }, r)));
      if (!s3BucketProblem(fill(b.aws.bucket, r))) logBucket('backend.aws.bucket', s3BucketProblem, fill(b.aws.bucket, r), r);
    }
  for (const r of regions('azure'))
    if (b.azure)
      out.push(
        ...once(
          checkStoreNames(
            env,
            'backend.azure',
            {
              type: 'azurerm',
              containerName: b.azure.containerName,
              resourceGroupName: fill(b.azure.resourceGroupName, r),
              storageAccountName: fill(b.azure.storageAccountName, r),
            },
            r,
          ),
        ),
      );
  for (const r of regions('gcp'))
    if (b.gcp) {
      out.push(...once(checkStoreNames(env, 'backend.gcp', { type: 'gcs', ...b.gcp, bucket: fill(b.gcp.bucket, r) }, r)));
      if (!gcsBucketProblem(fill(b.gcp.bucket, r))) logBucket('backend.gcp.bucket', gcsBucketProblem, fill(b.gcp.bucket, r), r);
    }
  return out;
}

// ---------------------------------------------------------------------------------
// Duplicates in every list of ids

interface ListRule {
  /** Lists to check, each with the path of the list. */
  readonly lists: (env: Environment) => Array<{ path: string; items: readonly unknown[] }>;
  readonly key: (item: unknown) => string | undefined;
  readonly what: string;
}

const each = <T>(xs: readonly T[] | undefined, f: (x: T, i: number) => Array<{ path: string; items: readonly unknown[] }>) =>
  (xs ?? []).flatMap((x, i) => f(x, i));
const alertLists = (base: string, a: Environment['alerts']) =>
  a
    ? (['page', 'ticket'] as const).flatMap((sev) =>
        (['email', 'https'] as const).map((k) => ({ path: `${base}.${sev}.${k}`, items: a[sev]?.[k] ?? [] })),
      )
    : [];
const text = (x: unknown) => (typeof x === 'string' ? x : undefined);

const LIST_RULES: readonly ListRule[] = [
  { lists: (e) => [{ path: 'eventSchemas', items: e.eventSchemas }], key: (s) => (s as { id: string }).id, what: 'event schema id' },
  {
    lists: (e) => each(e.producers, (p, i) => [{ path: `producers[${i}].topics`, items: p.topics }]),
    key: text,
    what: 'topic of the producer',
  },
  {
    lists: (e) => each(e.consumers, (c, i) => [{ path: `consumers[${i}].topics`, items: c.topics }]),
    key: text,
    what: 'topic of the consumer',
  },
  {
    lists: (e) => each(e.replication, (r, i) => [{ path: `replication[${i}].topics`, items: r.topics }]),
    key: text,
    what: 'topic of the replication',
  },
  { lists: (e) => each(e.clusters, (c, i) => [{ path: `clusters[${i}].sites`, items: c.sites }]), key: text, what: 'site of the cluster' },
  {
    lists: (e) => each(e.clusters, (c, i) => [{ path: `clusters[${i}].clientAuth`, items: c.clientAuth ?? [] }]),
    key: text,
    what: 'client authentication',
  },
  {
    lists: (e) => [...alertLists('alerts', e.alerts), ...each(e.sites, (s, i) => alertLists(`sites[${i}].alerts`, s.alerts))],
    key: (x) => text(x)?.toLowerCase(),
    what: 'alert target',
  },
  { lists: (e) => each(e.links, (l, i) => [{ path: `links[${i}].between`, items: l.between }]), key: text, what: 'site of the link' },
  {
    lists: (e) => each(e.links, (l, i) => [{ path: `links[${i}].insideCidrs`, items: l.insideCidrs ?? [] }]),
    key: text,
    what: 'inside-tunnel range',
  },
  {
    lists: (e) =>
      each(e.links, (l, i) =>
        Object.entries(l.publicIps ?? {}).map(([site, ips]) => ({ path: `links[${i}].publicIps.${site}`, items: ips })),
      ),
    key: text,
    what: 'public address',
  },
  {
    lists: (e) => [{ path: 'policy.suppressions', items: e.policy?.suppressions ?? [] }],
    key: (s) => `${(s as { rule: string }).rule} at ${(s as { scope: string }).scope}`,
    what: 'suppression',
  },
  {
    lists: (e) =>
      each(e.pipelines, (p, i) =>
        p.steps.map((s, j) => ({
          path: `pipelines[${i}].steps[${j}].groupBy`,
          items: s.kind === 'tumbling-window' ? (s.groupBy ?? []) : [],
        })),
      ),
    key: text,
    what: 'group-by field',
  },
];

export function checkDuplicateIds(env: Environment): Problem[] {
  const out: Problem[] = [];
  for (const rule of LIST_RULES) {
    for (const { path, items } of rule.lists(env)) {
      const seen = new Map<string, number>();
      items.forEach((item, i) => {
        const k = rule.key(item);
        if (k === undefined) return;
        const first = seen.get(k);
        if (first === undefined) seen.set(k, i);
        else out.push(problem(`${path}[${i}]`, `duplicate ${rule.what} "${k}" (already ${path}[${first}]).`, 'list it once.'));
      });
    }
  }
  // One link per pair of sites: a second would build a second gateway connection with the same BGP peers.
  const pairs = new Map<string, number>();
  env.links.forEach((l, i) => {
    const key = [...l.between].sort().join(' and ');
    const first = pairs.get(key);
    if (first !== undefined && l.between[0] !== l.between[1])
      out.push(
        problem(
          `links[${i}].between`,
          `a second link between ${key} (already links[${first}]).`,
          'one link joins two sites; it already has two tunnels per gateway interface for redundancy.',
        ),
      );
    else pairs.set(key, i);
  });
  // A public address belongs to one site's VPN device (it may serve several of that site's links).
  const owners = new Map<string, { site: string; path: string }>();
  env.links.forEach((l, i) =>
    Object.entries(l.publicIps ?? {}).forEach(([site, ips]) =>
      ips.forEach((ip, j) => {
        const path = `links[${i}].publicIps.${site}[${j}]`;
        const owner = owners.get(ip);
        if (owner && owner.site !== site)
          out.push(
            problem(
              path,
              `public address ${ip} of site "${site}" is also the address of site "${owner.site}" (${owner.path}).`,
              'give each site the address of its own VPN device.',
            ),
          );
        else if (!owner) owners.set(ip, { site, path });
      }),
    ),
  );
  // Round-trip times name sites.
  const ids = env.sites.map((s) => s.id);
  env.sites.forEach((s, i) =>
    Object.keys(s.rttMs ?? {}).forEach((k) => {
      if (ids.includes(k) && k !== s.id) return;
      const guess = nearest(k, ids);
      out.push(
        problem(
          `sites[${i}].rttMs.${k}`,
          k === s.id ? `site "${s.id}" declares a round trip to itself.` : `round trip to unknown site "${k}".`,
          guess && k !== s.id
            ? `did you mean "${guess}"?`
            : `key rttMs by the other site's id: ${ids.filter((x) => x !== s.id).join(', ') || 'no other site'}.`,
        ),
      );
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------
// Free-form strings against the values the product knows

export function checkKnownValues(env: Environment): Problem[] {
  const out: Problem[] = [];
  env.edgeFleets.forEach((f, i) => {
    const settings = [
      { path: `edgeFleets[${i}].defaults`, s: f.defaults ?? {} },
      ...f.sites.map((s, j) => ({ path: `edgeFleets[${i}].sites[${j}]`, s })),
    ];
    for (const { path, s } of settings) {
      if (s.storageClass !== undefined) {
        const bad = dnsSubdomainProblem(s.storageClass);
        if (bad)
          out.push(
            problem(
              `${path}.storageClass`,
              `storage class "${s.storageClass}": ${bad}.`,
              'use the name of a StorageClass of the site cluster (kubectl get storageclass).',
            ),
          );
      }
      if (s.kubeApi !== undefined) {
        const bad = kubeApiProblem(s.kubeApi);
        if (bad) out.push(problem(`${path}.kubeApi`, `kubeApi "${s.kubeApi}" ${bad}.`, 'write the API server as https://<address>:6443.'));
      }
    }
    for (const [j, hp] of (f.hubBootstrap?.split(',') ?? []).entries()) {
      const port = Number(hp.slice(hp.lastIndexOf(':') + 1));
      const bad = portProblem(port);
      if (bad)
        out.push(
          problem(`edgeFleets[${i}].hubBootstrap`, `server ${j + 1} ("${hp}"): ${bad}.`, 'use the hub listener port (9092-9098 on MSK).'),
        );
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------
// Numbers the product turns into configuration

export function checkBounds(env: Environment): Problem[] {
  const out: Problem[] = [];
  const retention = (path: string, d: string | undefined) => {
    if (d === undefined) return;
    const ms = durationSeconds(d) * 1000;
    if (ms > MAX_RETENTION_MS)
      out.push(
        problem(
          path,
          `retention ${d} is ${ms.toExponential(2)} ms, above the ${MAX_RETENTION_MS.toLocaleString('en-US')} ms retention.ms the product can write exactly (Kafka's own limit is a Java long).`,
          'use a shorter retention; data kept for centuries belongs in an archive, not a topic.',
        ),
      );
  };
  env.topics.forEach((t, i) => retention(`topics[${i}].retention`, t.retention));
  env.clusters.forEach((c, i) => retention(`clusters[${i}].throughput.retention`, c.throughput?.retention));
  env.edgeFleets.forEach((f, i) => {
    retention(`edgeFleets[${i}].defaults.retention`, f.defaults?.retention);
    retention(`edgeFleets[${i}].defaults.offlineWindow`, f.defaults?.offlineWindow);
    f.sites.forEach((s, j) => {
      retention(`edgeFleets[${i}].sites[${j}].retention`, s.retention);
      retention(`edgeFleets[${i}].sites[${j}].offlineWindow`, s.offlineWindow);
    });
  });
  // A computed edge volume beyond what one node's claim may ask for.
  let plans: ReturnType<typeof edgeSitePlans>;
  try {
    plans = edgeSitePlans(env);
  } catch {
    plans = [];
  }
  for (const p of plans) {
    if (p.storageGiB <= MAX_EDGE_VOLUME_GIB) continue;
    const i = env.edgeFleets.findIndex((f) => f.id === p.fleet);
    const j = env.edgeFleets[i]?.sites.findIndex((s) => s.id === p.site) ?? -1;
    out.push(
      problem(
        `edgeFleets[${i}].sites[${j}]`,
        `site "${p.site}" would need ${Math.round(p.storageGiB).toLocaleString('en-US')} GiB per node for its retention, above the ${MAX_EDGE_VOLUME_GIB.toLocaleString('en-US')} GiB one volume claim may ask for.`,
        'shorten offlineWindow or retention, lower ingressMBps, or add nodes.',
      ),
    );
  }
  return out;
}

/** The largest per-node volume an edge site may ask for (the schema's bound for a declared storageGiB). */
export const MAX_EDGE_VOLUME_GIB = 65536;

/** The checks of this module, in the order their problems are reported. */
export const LIMIT_CHECKS = [
  checkKafkaNames,
  checkSiteNetworks,
  checkTags,
  checkBackendNames,
  checkDuplicateIds,
  checkKnownValues,
  checkBounds,
];
