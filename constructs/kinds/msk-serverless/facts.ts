import type { Cluster, Environment } from '../../model/schema';
import type { Problem } from '../../model/problems';

/**
 * MSK Serverless facts (AWS MSK developer guide, "MSK Serverless quota"; re-check when
 * AWS raises them). The service fixes replication factor 3 and min.insync.replicas 2
 * over three zones, takes IAM clients only and runs inside the VPC it is given.
 */
export const MSK_SERVERLESS = {
  /** Leader partitions per cluster (replicas not counted). */
  maxPartitions: 2400,
  /** Cluster ingress and egress, MiB/s; the product compares declared MB/s against them. */
  maxInMBps: 200,
  maxOutMBps: 400,
  /** One partition ingests at most 5 MiB/s and serves 10 MiB/s. */
  inMBpsPerPartition: 5,
  outMBpsPerPartition: 10,
  replicationFactor: 3,
  minInsyncReplicas: 2,
} as const;

function problem(path: string, message: string, fix: string, severity: Problem['severity'] = 'error'): Problem {
  return { file: '', path, message, fix, severity };
}

/** Environment check for msk-serverless clusters: IAM only, no broker settings, quotas. */
export function checkMskServerlessCluster(env: Environment, c: Cluster, i: number): Problem[] {
  const out: Problem[] = [];
  const at = `clusters[${i}]`;
  const brokerKeys = (['brokers', 'brokersPerSite', 'controllersPerSite', 'instanceType', 'storageGiB', 'kafkaVersion'] as const).filter(
    (k) => c[k] !== undefined,
  );
  if (brokerKeys.length > 0) {
    out.push(
      problem(
        `${at}.${brokerKeys[0]}`,
        `MSK Serverless has no brokers to size; ${brokerKeys.join(', ')} ${brokerKeys.length === 1 ? 'has' : 'have'} no effect.`,
        `remove ${brokerKeys.join(', ')}, or use kind: msk for provisioned brokers.`,
      ),
    );
  }
  if (c.clientAuth && c.clientAuth.some((a) => a !== 'iam')) {
    out.push(
      problem(
        `${at}.clientAuth`,
        `MSK Serverless authenticates clients with IAM only, got ${c.clientAuth.join(', ')}.`,
        'remove clientAuth (IAM) or use kind: msk for SCRAM.',
      ),
    );
  }
  const topics = env.topics.map((t, ti) => ({ t, ti })).filter(({ t }) => t.cluster === c.id);
  const partitions = topics.reduce((n, { t }) => n + t.partitions, 0);
  if (partitions > MSK_SERVERLESS.maxPartitions) {
    out.push(
      problem(
        at,
        `cluster "${c.id}" has ${partitions} partitions over ${topics.length} topics; MSK Serverless allows ${MSK_SERVERLESS.maxPartitions} per cluster.`,
        'lower partition counts, split the topics over two serverless clusters, or use kind: msk.',
      ),
    );
  }
  for (const { t, ti } of topics) {
    if (t.replicationFactor !== undefined && t.replicationFactor !== MSK_SERVERLESS.replicationFactor) {
      out.push(
        problem(
          `topics[${ti}].replicationFactor`,
          `topic "${t.name}" asks for replication factor ${t.replicationFactor}; MSK Serverless always keeps ${MSK_SERVERLESS.replicationFactor}.`,
          'remove replicationFactor for msk-serverless topics.',
        ),
      );
    }
    if (t.minInsyncReplicas !== undefined && t.minInsyncReplicas !== MSK_SERVERLESS.minInsyncReplicas) {
      out.push(
        problem(
          `topics[${ti}].minInsyncReplicas`,
          `topic "${t.name}" asks for min.insync.replicas ${t.minInsyncReplicas}; MSK Serverless always uses ${MSK_SERVERLESS.minInsyncReplicas}.`,
          'remove minInsyncReplicas for msk-serverless topics.',
        ),
      );
    }
  }
  const tp = c.throughput;
  if (tp) {
    if (tp.inMBps > MSK_SERVERLESS.maxInMBps || tp.outMBps > MSK_SERVERLESS.maxOutMBps) {
      out.push(
        problem(
          `${at}.throughput`,
          `cluster "${c.id}" declares ${tp.inMBps} MB/s in and ${tp.outMBps} MB/s out; MSK Serverless carries at most ${MSK_SERVERLESS.maxInMBps} in and ${MSK_SERVERLESS.maxOutMBps} out per cluster.`,
          'split the traffic over several serverless clusters, or use kind: msk.',
        ),
      );
    }
    const needed = Math.max(
      Math.ceil(tp.inMBps / MSK_SERVERLESS.inMBpsPerPartition),
      Math.ceil(tp.outMBps / MSK_SERVERLESS.outMBpsPerPartition),
    );
    if (topics.length > 0 && partitions < needed) {
      out.push(
        problem(
          `${at}.throughput`,
          `cluster "${c.id}" has ${partitions} partitions but its declared throughput needs at least ${needed} (a serverless partition takes ${MSK_SERVERLESS.inMBpsPerPartition} MiB/s in, ${MSK_SERVERLESS.outMBpsPerPartition} out).`,
          `raise the partitions of the busiest topics to reach ${needed} in total.`,
          'warning',
        ),
      );
    }
  }
  return out;
}
