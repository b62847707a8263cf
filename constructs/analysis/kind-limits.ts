import { eventHubNameProblem, kafkaTopicNameProblem, MSK_KAFKA_VERSIONS, selfManagedVersionProblem } from '../model/limits';
import { hubTopicName } from '../model/naming';
import { nearest, type Problem } from '../model/problems';
import type { Cluster, Environment, Site } from '../model/schema';
import { BROKER_PROFILES } from './sizing';

/**
 * The limits a cluster kind checks for itself (called from constructs/kinds/<kind>/model.ts
 * checks), and the helpers analysis/limits.ts shares with them. Kept apart from
 * limits.ts so a kind's model can import them without an import circle through the
 * edge planning.
 */

export function problem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}

export const cloudOf = (s: Site) => (s.cloud === 'aws' || s.cloud === 'azure' || s.cloud === 'gcp' ? s.cloud : undefined);

export interface NameOnCluster {
  readonly name: string;
  readonly path: string;
  readonly what: string;
}

/** Every topic name each cluster will hold: declared topics, hub copies of edge topics, replicated copies. */
export function topicNamesByCluster(env: Environment): Map<string, NameOnCluster[]> {
  const byCluster = new Map<string, NameOnCluster[]>();
  const add = (cluster: string, n: NameOnCluster) => byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), n]);
  env.topics.forEach((t, i) => add(t.cluster, { name: t.name, path: `topics[${i}].name`, what: `topic "${t.name}"` }));
  env.edgeFleets.forEach((f, i) =>
    f.topics.forEach((t, j) => {
      if (t.direction !== 'up') return;
      for (const s of f.sites)
        add(f.hub, {
          name: hubTopicName(s.id, t.name),
          path: `edgeFleets[${i}].topics[${j}].name`,
          what: `hub copy "${hubTopicName(s.id, t.name)}" of site ${s.id}`,
        });
    }),
  );
  env.replication.forEach((r, i) =>
    r.topics.forEach((t, j) => {
      if (r.mode !== 'active-active') return;
      // MirrorMaker 2's default replication policy prefixes the source alias (the cluster id), both ways.
      add(r.to, { name: `${r.from}.${t}`, path: `replication[${i}].topics[${j}]`, what: `copy "${r.from}.${t}" from ${r.from}` });
      add(r.from, { name: `${r.to}.${t}`, path: `replication[${i}].topics[${j}]`, what: `copy "${r.to}.${t}" from ${r.to}` });
    }),
  );
  return byCluster;
}

// ---------------------------------------------------------------------------------
// Per kind: called from each kind's check (constructs/kinds/<kind>/model.ts)

const unknownValue = (path: string, what: string, value: string, known: readonly string[]): Problem => {
  const guess = nearest(value, known);
  return problem(
    path,
    `unknown ${what} "${value}".`,
    guess ? `did you mean "${guess}"? Known: ${known.join(', ')}.` : `use one of: ${known.join(', ')}.`,
  );
};

/** MSK: a Kafka version MSK offers for new clusters. */
export function checkMskKafkaVersion(c: Cluster, i: number): Problem[] {
  if (c.kafkaVersion === undefined || (MSK_KAFKA_VERSIONS as readonly string[]).includes(c.kafkaVersion)) return [];
  return [unknownValue(`clusters[${i}].kafkaVersion`, 'MSK Kafka version', c.kafkaVersion, MSK_KAFKA_VERSIONS)];
}

/** Nodes the product runs: a Kafka release it runs, matching the distribution, and an instance type it has a profile for. */
export function checkNodeValues(c: Cluster, i: number, exampleVersion: string): Problem[] {
  const out: Problem[] = [];
  const at = `clusters[${i}]`;
  if (c.kafkaVersion !== undefined) {
    const bad = selfManagedVersionProblem(c.kafkaVersion);
    if (bad) out.push(problem(`${at}.kafkaVersion`, `${bad}.`, `use a release such as ${exampleVersion}.`));
    const file = Object.values(c.kafkaArtifact?.locations ?? {})
      .map((l) => /kafka_[\d.]+-([\d.]+)\.(tgz|tar\.gz)$/.exec(l)?.[1])
      .find((v) => v !== undefined && v !== c.kafkaVersion);
    if (!bad && file)
      out.push(
        problem(
          `${at}.kafkaVersion`,
          `kafkaVersion ${c.kafkaVersion} differs from the distribution in kafkaArtifact (${file}).`,
          'make them the same release.',
        ),
      );
  }
  if (c.instanceType !== undefined && !(c.instanceType in BROKER_PROFILES))
    out.push(unknownValue(`${at}.instanceType`, 'broker instance type', c.instanceType, Object.keys(BROKER_PROFILES)));
  return out;
}

/** Services that run Kafka themselves: no version or instance type to choose. */
export function checkServiceValues(c: Cluster, i: number, label: string): Problem[] {
  const out: Problem[] = [];
  if (c.kafkaVersion !== undefined)
    out.push(
      problem(
        `clusters[${i}].kafkaVersion`,
        `${label} runs the service's own Kafka version; kafkaVersion would be ignored.`,
        'remove kafkaVersion.',
      ),
    );
  if (c.instanceType !== undefined)
    out.push(
      problem(
        `clusters[${i}].instanceType`,
        `${label} has no instance type; its capacity comes from the throughput.`,
        'remove instanceType; size it with throughput.',
      ),
    );
  return out;
}

/**
 * Event Hubs: each topic on the namespace (declared, or a hub copy of an edge topic) is
 * an event hub with Azure's naming rules, and consumer groups and role assignments are
 * addressed by hub and application joined with "-".
 */
export function checkEventHubsNames(env: Environment, c: Cluster): Problem[] {
  const out: Problem[] = [];
  const reported = new Set<string>();
  for (const n of topicNamesByCluster(env).get(c.id) ?? []) {
    const bad = eventHubNameProblem(n.name);
    if (bad && !kafkaTopicNameProblem(n.name) && !reported.has(n.path)) {
      reported.add(n.path);
      out.push(
        problem(n.path, `${n.what} on Event Hubs cluster "${c.id}": ${bad}.`, 'rename it, e.g. without a trailing "-", "." or "_".'),
      );
    }
  }
  const groups = env.consumers.flatMap((k, i) =>
    k.cluster === c.id
      ? k.topics.map((t, j) => ({ path: `consumers[${i}].topics[${j}]`, what: `consumer "${k.id}" of "${t}"`, key: `Group-${t}-${k.id}` }))
      : [],
  );
  out.push(
    ...clashes(groups, (g) => g.key, `on namespace "${c.id}"`, 'rename the consumer or the topic; the product joins them with "-".'),
  );
  const grants = (['producers', 'consumers'] as const).flatMap((list) =>
    env[list].flatMap((a, i) =>
      a.cluster === c.id
        ? a.topics.map((t, j) => ({
            path: `${list}[${i}].topics[${j}]`,
            what: `${list === 'producers' ? 'producer' : 'consumer'} "${a.id}" on "${t}"`,
            key: `Grant-${t}-${a.id}-${list === 'producers' ? 'send' : 'receive'}`,
          }))
        : [],
    ),
  );
  out.push(
    ...clashes(grants, (g) => g.key, `on namespace "${c.id}"`, 'rename the application or the topic; the product joins them with "-".'),
  );
  return out;
}

/** Items whose derived names coincide although they are different things. */
export function clashes<T extends { path: string; what: string }>(
  items: readonly T[],
  key: (t: T) => string,
  where: string,
  fix: string,
): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, T>();
  for (const it of items) {
    const k = key(it);
    const other = seen.get(k);
    if (other && other.what !== it.what)
      out.push(problem(it.path, `${it.what} and ${other.what} (${other.path}) both become "${k}" ${where}.`, fix));
    else if (!other) seen.set(k, it);
  }
  return out;
}
