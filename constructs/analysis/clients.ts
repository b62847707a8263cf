import type { Environment } from '../model/schema';
import { nearest, type Problem } from '../model/problems';
import { kindModel } from '../kinds/registry';

function unknown(path: string, what: string, value: string, known: readonly string[]): Problem {
  const guess = nearest(value, known);
  return {
    file: '',
    path,
    message: `unknown ${what} "${value}".`,
    fix: guess
      ? `did you mean "${guess}"? Known: ${known.join(', ')}.`
      : `use one of: ${known.join(', ') || `none declared; declare the ${what} first`}.`,
  };
}

/**
 * Producers and consumers name a cluster and topics of that cluster; principal ids only
 * mean something where the kind grants Entra ID data roles (KindModel.clientPrincipalIds).
 */
export function checkClients(env: Environment): Problem[] {
  const out: Problem[] = [];
  const clusterIds = env.clusters.map((c) => c.id);
  const lists = [
    ['producers', env.producers],
    ['consumers', env.consumers],
  ] as const;
  for (const [key, list] of lists) {
    const seen = new Map<string, number>();
    list.forEach((p, i) => {
      const first = seen.get(`${p.cluster}/${p.id}`);
      if (first !== undefined)
        out.push({
          file: '',
          path: `${key}[${i}].id`,
          message: `duplicate ${key.slice(0, -1)} "${p.id}" on cluster "${p.cluster}" (already ${key}[${first}]).`,
          fix: 'give each application one entry listing all its topics.',
        });
      else seen.set(`${p.cluster}/${p.id}`, i);
      const cluster = env.clusters.find((c) => c.id === p.cluster);
      if (!cluster) {
        out.push(unknown(`${key}[${i}].cluster`, 'cluster', p.cluster, clusterIds));
        return;
      }
      const topics = env.topics.filter((t) => t.cluster === p.cluster).map((t) => t.name);
      p.topics.forEach((t, j) => {
        if (!topics.includes(t)) out.push(unknown(`${key}[${i}].topics[${j}]`, `topic of cluster "${p.cluster}"`, t, topics));
      });
      if (p.principalId && !kindModel(cluster.kind)?.clientPrincipalIds) {
        out.push({
          file: '',
          path: `${key}[${i}].principalId`,
          message: `principalId grants Entra ID data roles on Event Hubs; cluster "${p.cluster}" is ${cluster.kind}.`,
          fix: "remove principalId (grant access with the cluster's own auth, e.g. IAM policies on MSK).",
        });
      }
    });
  }
  // Declared producer rates must fit the throughput the cluster is sized for.
  env.clusters.forEach((c, i) => {
    const rated = env.producers.filter((p) => p.cluster === c.id && p.eventsPerSecond !== undefined);
    if (rated.length === 0 || !c.throughput) return;
    const sum = rated.reduce((n, p) => n + (p.eventsPerSecond as number), 0);
    const sized = (c.throughput.inMBps * 1_000_000) / c.throughput.messageBytes;
    if (sum > sized * 1.0001) {
      out.push({
        file: '',
        path: `clusters[${i}].throughput`,
        message: `producers of cluster "${c.id}" declare ${Math.round(sum)} events/s together, but its throughput (${c.throughput.inMBps} MB/s of ${c.throughput.messageBytes}-byte records) is ${Math.round(sized)} events/s; capacity is sized from the throughput, so producers would be throttled.`,
        fix: `raise inMBps to at least ${Math.ceil(((sum * c.throughput.messageBytes) / 1_000_000) * 100) / 100}, or correct the producers' eventsPerSecond.`,
      });
    }
  });
  return out;
}
