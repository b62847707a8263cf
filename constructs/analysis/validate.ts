import { checkAllocations } from './allocations';
import { canonicalCidr, cidrsOverlap, isIpv4Cidr } from '../model/cidr';
import { resolveTopic } from '../model/defaults';
import { clusterBrokers, kindModel, kindNames } from '../kinds/registry';
import { checkTopicDurability } from './durability';
import type { Environment } from '../model/schema';
import { eventHubs } from '../kinds/event-hubs/model';
import { checkLinks, isCloud } from './links';
import { nearest, type EnvironmentCheck, type Problem } from '../model/problems';
import { REGIONS, regionExists } from '../model/regions';
import { checkReplicationTerms } from './replication';
import { checkReplicationLinks } from './replication-link';
import { checkClients } from './clients';
import { checkEdgeFleets } from './edge';
import { checkConnectors } from './connectors';
import { checkPipelines } from './stream-query';
import { checkObjectives } from './resilience';
import { checkObjectivesWatched } from './alarms';
import { LIMIT_CHECKS } from './limits';

function problem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, path: (i: number) => string, what: string): Problem[] {
  const seen = new Map<string, number>();
  const out: Problem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) {
      out.push(problem(path(i), `duplicate ${what} "${k}" (already used at ${path(first)}).`, `give each ${what} a unique value.`));
    } else seen.set(k, i);
  });
  return out;
}

function unknownRef(path: string, what: string, value: string, known: readonly string[]): Problem {
  const guess = nearest(value, known);
  return problem(
    path,
    `unknown ${what} "${value}".`,
    guess
      ? `did you mean "${guess}"? Known: ${known.join(', ') || 'none'}.`
      : `use one of: ${known.join(', ') || `none declared; declare the ${what} first`}.`,
  );
}

export const checkUniqueIds: EnvironmentCheck = (env) => [
  ...duplicates(
    env.sites,
    (s) => s.id,
    (i) => `sites[${i}].id`,
    'site id',
  ),
  ...duplicates(
    env.clusters,
    (c) => c.id,
    (i) => `clusters[${i}].id`,
    'cluster id',
  ),
  ...duplicates(
    env.topicGroups,
    (g) => g.id,
    (i) => `topicGroups[${i}].id`,
    'topic group id',
  ),
  ...duplicates(
    env.topics,
    (t) => `${t.cluster}/${t.name}`,
    (i) => `topics[${i}].name`,
    'topic name in its cluster',
  ),
];

export const checkSites: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  env.sites.forEach((s, i) => {
    if (!regionExists(s.cloud, s.region)) {
      const guess = s.cloud === 'aws' || s.cloud === 'azure' || s.cloud === 'gcp' ? nearest(s.region, REGIONS[s.cloud]) : undefined;
      out.push(
        problem(
          `sites[${i}].region`,
          `region "${s.region}" does not exist in ${s.cloud}.`,
          guess
            ? `did you mean "${guess}"?`
            : `use a ${s.cloud} region name such as ${s.cloud === 'aws' ? 'eu-central-1' : s.cloud === 'azure' ? 'westeurope' : 'europe-west3'}.`,
        ),
      );
    }
    const cidrs: Array<[string, string]> = [
      [`sites[${i}].cidr`, s.cidr],
      ...(s.clientCidrs ?? []).map((c, j): [string, string] => [`sites[${i}].clientCidrs[${j}]`, c]),
    ];
    for (const [path, c] of cidrs) {
      if (!isIpv4Cidr(c))
        out.push(problem(path, `"${c}" is not a valid IPv4 CIDR.`, 'write it like 10.10.0.0/16 (four octets 0-255, prefix 0-32).'));
      else if (canonicalCidr(c) !== c)
        out.push(problem(path, `"${c}" has host bits set.`, `write the network address: ${canonicalCidr(c)}.`));
      else if (c.endsWith('/0'))
        out.push(problem(path, `"${c}" opens the brokers to every address.`, 'name the client networks; 0.0.0.0/0 is never allowed.'));
    }
    if (s.role === 'edge' && s.cloud !== 'edge' && s.cloud !== 'onprem') {
      out.push(
        problem(
          `sites[${i}].role`,
          `an edge site must be cloud edge or onprem, got ${s.cloud}.`,
          'set cloud: edge, or a role other than edge.',
        ),
      );
    }
  });
  // Overlapping address spaces break routing over links and peering.
  for (let a = 0; a < env.sites.length; a++) {
    for (let b = a + 1; b < env.sites.length; b++) {
      const x = env.sites[a];
      const y = env.sites[b];
      if (
        isIpv4Cidr(x.cidr) &&
        isIpv4Cidr(y.cidr) &&
        canonicalCidr(x.cidr) === x.cidr &&
        canonicalCidr(y.cidr) === y.cidr &&
        cidrsOverlap(x.cidr, y.cidr)
      ) {
        out.push(
          problem(
            `sites[${b}].cidr`,
            `${y.cidr} of site "${y.id}" overlaps ${x.cidr} of site "${x.id}" (sites[${a}]).`,
            'give every site its own address range.',
          ),
        );
      }
    }
  }
  return out;
};

export const checkClusters: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  const siteIds = env.sites.map((s) => s.id);
  env.clusters.forEach((c, i) => {
    const model = kindModel(c.kind);
    if (!model) {
      out.push(unknownRef(`clusters[${i}].kind`, 'cluster kind', c.kind, kindNames()));
      return;
    }
    c.sites.forEach((sid, j) => {
      const site = env.sites.find((s) => s.id === sid);
      if (!site) {
        out.push(unknownRef(`clusters[${i}].sites[${j}]`, 'site', sid, siteIds));
        return;
      }
      if (model && !model.clouds.includes(site.cloud)) {
        out.push(
          problem(
            `clusters[${i}].kind`,
            `a ${c.kind} cluster cannot live in site "${sid}" on ${site.cloud}.`,
            `put it in a site on ${model.clouds.join(' or ')}, or pick a kind that runs on ${site.cloud}.`,
          ),
        );
      }
    });
    if (model.singleSite && c.sites.length > 1) {
      out.push(
        problem(
          `clusters[${i}].sites`,
          `a ${c.kind} cluster lives in one region, got ${c.sites.length} sites.`,
          'stretch across regions with kind: self-managed, or declare one cluster per site and replicate between them.',
        ),
      );
    }
    if (c.brokers !== undefined && c.brokersPerSite !== undefined) {
      out.push(problem(`clusters[${i}].brokers`, 'both brokers and brokersPerSite are set.', 'give one of them.'));
    }
  });
  return out;
};

export const checkTopics: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  const clusterIds = env.clusters.map((c) => c.id);
  const groupIds = env.topicGroups.map((g) => g.id);
  env.topics.forEach((raw, i) => {
    const t = resolveTopic(raw);
    const cluster = env.clusters.find((c) => c.id === t.cluster);
    if (!cluster) out.push(unknownRef(`topics[${i}].cluster`, 'cluster', t.cluster, clusterIds));
    if (t.group !== undefined && !groupIds.includes(t.group)) out.push(unknownRef(`topics[${i}].group`, 'topic group', t.group, groupIds));
    const brokers = cluster ? clusterBrokers(cluster) : undefined;
    for (const f of checkTopicDurability(t, { brokers, stage: env.stage })) {
      out.push(problem(`topics[${i}].${f.field}`, `topic "${t.name}": ${f.message}`, f.fix));
    }
    if (t.transactional && brokers !== undefined && brokers < 3) {
      out.push(
        problem(
          `topics[${i}].transactional`,
          `topic "${t.name}" is written by exactly-once producers but cluster "${t.cluster}" has ${brokers} brokers.`,
          'exactly-once needs at least 3 brokers (transaction state log RF 3, min ISR 2); add brokers.',
        ),
      );
    }
  });
  out.push(...topicCollisions(env));
  return out;
};

/**
 * Two topics that would share a name or an address. Kafka refuses a topic whose name
 * equals another's once `.` and `_` are made the same (their metric names collide), and
 * a topic's Terraform address is `kafka_topic.<cluster>-<name>` with every character
 * but letters, digits, `_` and `-` dropped (cdktf's makeUniqueId): `orders.v1` and
 * `ordersv1` would share one address, so one topic would never be created and adding
 * the second later would re-point the first.
 */
function topicCollisions(env: Environment): Problem[] {
  const out: Problem[] = [];
  const byAddress = new Map<string, number>();
  const byKafkaName = new Map<string, number>();
  env.topics.forEach((t, i) => {
    const address = `${t.cluster}-${t.name}`.replace(/[^A-Za-z0-9_-]/g, '');
    const kafka = `${t.cluster}\u0000${t.name.replace(/\./g, '_')}`;
    const a = byAddress.get(address);
    const k = byKafkaName.get(kafka);
    const other = (j: number) => `topics[${j}] "${env.topics[j].name}"`;
    if (k !== undefined && env.topics[k].name !== t.name)
      out.push(
        problem(
          `topics[${i}].name`,
          `topic "${t.name}" collides with ${other(k)} on cluster "${t.cluster}": Kafka treats "." and "_" in topic names as the same.`,
          'rename one of them; use one separator throughout.',
        ),
      );
    else if (a !== undefined && `${env.topics[a].cluster}/${env.topics[a].name}` !== `${t.cluster}/${t.name}`)
      out.push(
        problem(
          `topics[${i}].name`,
          `topic "${t.name}" of cluster "${t.cluster}" would get the Terraform address kafka_topic.${address}, already taken by ${other(a)} of cluster "${env.topics[a].cluster}".`,
          'rename one of them so that the names differ in letters, digits, "-" or "_".',
        ),
      );
    if (a === undefined) byAddress.set(address, i);
    if (k === undefined) byKafkaName.set(kafka, i);
  });
  return out;
}

/**
 * Stack names come from ids (`<env>-<site>`, `<env>-<site>-topics`, `<env>-<site>-links`,
 * `<env>-<fleet>`, `<env>-<fleet>-acls`, `<env>-<cluster>-topics`); two things that would
 * get one name would share one state file. Ids are compared as written, so this also
 * catches a site called `fra-topics` next to a site `fra` with topics.
 */
export const checkStackNames: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  const owners = new Map<string, string>();
  const claim = (name: string, owner: string, path: string) => {
    const other = owners.get(name);
    if (other !== undefined && other !== owner)
      out.push(
        problem(path, `${owner} would get the stack name "${env.name}-${name}", already the stack of ${other}.`, 'rename one of the ids.'),
      );
    else owners.set(name, owner);
  };
  env.sites.forEach((s, i) => {
    for (const suffix of ['', '-topics', '-links']) claim(`${s.id}${suffix}`, `site "${s.id}"`, `sites[${i}].id`);
  });
  env.clusters.forEach((c, i) => {
    const kind = kindModel(c.kind);
    if (kind?.topics.by === 'topics-stack' && kind.singleSite === false && env.topics.some((t) => t.cluster === c.id))
      claim(`${c.id}-topics`, `the topics of cluster "${c.id}"`, `clusters[${i}].id`);
  });
  env.edgeFleets.forEach((f, i) => {
    for (const suffix of ['', '-acls']) claim(`${f.id}${suffix}`, `fleet "${f.id}"`, `edgeFleets[${i}].id`);
  });
  return out;
};

/**
 * Each cluster's kind-specific checks (KindModel.check), topics on a kind that cannot
 * create them, and settings blocks of another kind.
 */
export const checkKinds: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  env.clusters.forEach((c, i) => {
    const model = kindModel(c.kind);
    if (!model) return; // checkClusters reports the unknown kind
    out.push(...model.check(env, c, i));
    const topics = model.topics;
    if (topics.by === 'none') {
      env.topics.forEach((t, j) => {
        if (t.cluster === c.id)
          out.push(
            problem(
              `topics[${j}].cluster`,
              `topic "${t.name}" would never be created: a ${c.kind} cluster cannot manage topics (${topics.why}).`,
              topics.fix,
            ),
          );
      });
    }
    if (c.eventHubs && c.kind !== eventHubs.kind)
      out.push(
        problem(
          `clusters[${i}].eventHubs`,
          `eventHubs settings on a ${c.kind} cluster have no effect.`,
          `remove eventHubs, or set kind: ${eventHubs.kind}.`,
        ),
      );
  });
  return out;
};

export const checkReplication: EnvironmentCheck = (env) => {
  const out: Problem[] = [];
  const clusterIds = env.clusters.map((c) => c.id);
  env.replication.forEach((r, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!clusterIds.includes(r[end])) out.push(unknownRef(`replication[${i}].${end}`, 'cluster', r[end], clusterIds));
    }
    if (r.from === r.to)
      out.push(problem(`replication[${i}].to`, `replication from "${r.from}" to itself.`, 'replicate to another cluster.'));
    // One copy per ordered pair of clusters: MirrorMaker 2 names a flow's offset syncs by its target
    // (mm2-offset-syncs.<target>.internal, https://cloud.google.com/managed-service-for-apache-kafka/docs/connect-cluster/create-mirrormaker-checkpoint-connector)
    // and the copy's principal on the source is named by the pair, so a second copy would share both.
    const first = env.replication.findIndex((x) => x.from === r.from && x.to === r.to);
    if (first < i)
      out.push(
        problem(
          `replication[${i}].to`,
          `a second copy from "${r.from}" to "${r.to}" (replication[${first}] is the first): two copies of one pair would share MirrorMaker 2's offset syncs and the copy's principal.`,
          `move its topics into replication[${first}] (${env.replication[first].id}) and remove this entry.`,
        ),
      );
    const sourceTopics = env.topics.filter((t) => t.cluster === r.from).map((t) => t.name);
    r.topics.forEach((name, j) => {
      if (clusterIds.includes(r.from) && !sourceTopics.includes(name))
        out.push(unknownRef(`replication[${i}].topics[${j}]`, `topic of cluster "${r.from}"`, name, sourceTopics));
    });
  });
  return out;
};

export const checkBackend: EnvironmentCheck = (env) => {
  const b = env.backend;
  const out: Problem[] = [];
  if (b?.type === 's3' && !regionExists('aws', b.region)) {
    out.push(
      problem(
        'backend.region',
        `region "${b.region}" does not exist in aws.`,
        `use an AWS region such as ${nearest(b.region, REGIONS.aws) ?? 'eu-central-1'}.`,
      ),
    );
  }
  if (env.stage === 'prod' && (b === undefined || b.type === 'local') && env.sites.some((s) => !s.backend)) {
    out.push(
      problem(
        'backend',
        'a prod environment keeps its Terraform state on local disk.',
        'declare backend type per-region (a store in each region, created by the bootstrap stacks), or an s3, azurerm or gcs store.',
      ),
    );
  }
  // A site's own store sits in the site's failure domain: its cloud and, for S3, its region.
  const storeCloud = { s3: 'aws', azurerm: 'azure', gcs: 'gcp' } as const;
  env.sites.forEach((site, i) => {
    const own = site.backend;
    if (!own || !isCloud(site.cloud)) return;
    if (storeCloud[own.type] !== site.cloud)
      out.push(
        problem(
          `sites[${i}].backend.type`,
          `site "${site.id}" is on ${site.cloud} but keeps its state in ${own.type}: planning it would need another cloud's credentials and that cloud up.`,
          `use a ${site.cloud === 'aws' ? 's3' : site.cloud === 'azure' ? 'azurerm' : 'gcs'} store in ${site.region}.`,
        ),
      );
    else if (own.type === 's3' && own.region !== site.region)
      out.push(
        problem(
          `sites[${i}].backend.region`,
          `site "${site.id}" keeps its state in ${own.region}, outside its own region ${site.region}: losing ${own.region} would block its plan and apply.`,
          `use a bucket in ${site.region}.`,
        ),
      );
  });
  if (b?.type === 'per-region') {
    const missing = env.sites.filter((s) => isCloud(s.cloud) && !s.backend && !b[s.cloud as 'aws' | 'azure' | 'gcp']);
    for (const cloud of [...new Set(missing.map((s) => s.cloud))])
      out.push(
        problem(
          `backend.${cloud}`,
          `sites ${missing
            .filter((s) => s.cloud === cloud)
            .map((s) => `"${s.id}"`)
            .join(', ')} are on ${cloud} but the per-region backend has no ${cloud} store, so their state would be local.`,
          `add backend.${cloud} (a store name with {region}), or give each site its own backend.`,
        ),
      );
  }
  // One store for every region: losing its region blocks plan and apply everywhere.
  const regions = [...new Set(env.sites.filter((s) => isCloud(s.cloud) && !s.backend).map((s) => `${s.cloud}:${s.region}`))];
  if (env.stage === 'prod' && (b?.type === 's3' || b?.type === 'azurerm' || b?.type === 'gcs') && regions.length > 1)
    out.push(
      problem(
        'backend.type',
        `every stack keeps its state in one ${b.type} store, so losing its region blocks plan and apply of the stacks in all ${regions.length} regions (${regions.join(', ')}).`,
        'use type: per-region (a store in each region; docs/deploy.md says how to move the state once with terraform init -migrate-state).',
        'warning',
      ),
    );
  return out;
};

/**
 * The pure semantic checks, in the order their problems are reported. The app, tests
 * and review run ESTATE_CHECKS (stacks/checks.ts), which adds the checks about what
 * the stacks can build; run this list alone only to test analysis in isolation.
 */
export const ENVIRONMENT_CHECKS: EnvironmentCheck[] = [
  checkUniqueIds,
  checkSites,
  checkClusters,
  checkKinds,
  checkTopics,
  checkStackNames,
  checkReplication,
  checkReplicationTerms,
  checkReplicationLinks,
  checkBackend,
  checkClients,
  checkPipelines,
  checkObjectives,
  checkLinks,
  checkAllocations,
  checkEdgeFleets,
  checkConnectors,
  checkObjectivesWatched,
  ...LIMIT_CHECKS,
];

export function checkEnvironment(env: Environment, checks: readonly EnvironmentCheck[] = ENVIRONMENT_CHECKS): Problem[] {
  return checks.flatMap((check) => check(env));
}
