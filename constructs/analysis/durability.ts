/**
 * Kafka durability facts (DESIGN.md "Durability"). The numbers live here and nowhere
 * else; constructs and validation read them.
 */
import { DEFAULT_MIN_INSYNC_REPLICAS, DEFAULT_REPLICATION_FACTOR, DEFAULT_RETENTION } from '../model/defaults';

export { DEFAULT_MIN_INSYNC_REPLICAS, DEFAULT_REPLICATION_FACTOR, DEFAULT_RETENTION };

/** Broker settings every cluster gets. MSK's own defaults are unsafe, so MSK gets these too. */
export const SAFE_SERVER_PROPERTIES: Readonly<Record<string, string>> = {
  'unclean.leader.election.enable': 'false',
  'auto.create.topics.enable': 'false',
  'default.replication.factor': '3',
  'min.insync.replicas': '2',
  'offsets.topic.replication.factor': '3',
  'transaction.state.log.replication.factor': '3',
  'transaction.state.log.min.isr': '2',
  'allow.everyone.if.no.acl.found': 'false',
};

/** Renders server.properties text (sorted, so diffs are stable). */
export function renderServerProperties(props: Readonly<Record<string, string>>): string {
  return (
    Object.keys(props)
      .sort()
      .map((k) => `${k}=${props[k]}`)
      .join('\n') + '\n'
  );
}

/**
 * MSK recommended maximum partitions per broker, replicas included.
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html#partitions-per-broker
 */
export const MSK_PARTITIONS_PER_BROKER: Readonly<Record<string, number>> = {
  'kafka.t3.small': 300,
  'kafka.m5.large': 1000,
  'kafka.m5.xlarge': 1000,
  'kafka.m5.2xlarge': 2000,
  'kafka.m5.4xlarge': 4000,
  'kafka.m5.8xlarge': 4000,
  'kafka.m5.12xlarge': 4000,
  'kafka.m5.16xlarge': 4000,
  'kafka.m5.24xlarge': 4000,
  'kafka.m7g.large': 1000,
  'kafka.m7g.xlarge': 1000,
  'kafka.m7g.2xlarge': 2000,
  'kafka.m7g.4xlarge': 4000,
  'kafka.m7g.8xlarge': 4000,
  'kafka.m7g.12xlarge': 4000,
  'kafka.m7g.16xlarge': 4000,
};

export interface TopicDurability {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

export interface DurabilityContext {
  /** Brokers the topic's replicas can be placed on; undefined for services that place replicas themselves. */
  readonly brokers?: number;
  readonly stage: 'dev' | 'prod';
}

/** A durability rule broken: the field at fault, what is wrong and the fix. */
export interface DurabilityFinding {
  readonly field: 'replicationFactor' | 'minInsyncReplicas';
  readonly message: string;
  readonly fix: string;
}

/** Checks RF and minISR against each other, the broker count and the stage. */
export function checkTopicDurability(t: TopicDurability, ctx: DurabilityContext): DurabilityFinding[] {
  const out: DurabilityFinding[] = [];
  const { replicationFactor: rf, minInsyncReplicas: isr } = t;
  if (ctx.brokers !== undefined && rf > ctx.brokers) {
    out.push({
      field: 'replicationFactor',
      message: `replication factor ${rf} is more than the ${ctx.brokers} brokers of the cluster.`,
      fix: `use a replication factor of at most ${ctx.brokers}, or add brokers.`,
    });
  }
  if (isr >= rf) {
    out.push({
      field: 'minInsyncReplicas',
      message: `min.insync.replicas ${isr} is not below the replication factor ${rf}: losing one replica would stop acks=all writes.`,
      fix: `set minInsyncReplicas to ${Math.max(1, rf - 1)} or raise the replication factor to ${isr + 1}.`,
    });
  }
  if (isr < 1) {
    out.push({ field: 'minInsyncReplicas', message: `min.insync.replicas ${isr} is below 1.`, fix: 'set minInsyncReplicas to 2.' });
  }
  if (ctx.stage === 'prod' && rf < DEFAULT_REPLICATION_FACTOR) {
    out.push({
      field: 'replicationFactor',
      message: `replication factor ${rf} is below 3 in a prod environment: one broker loss leaves a single copy.`,
      fix: 'use replicationFactor 3 (the default).',
    });
  }
  if (ctx.stage === 'prod' && isr >= 1 && isr < DEFAULT_MIN_INSYNC_REPLICAS) {
    out.push({
      field: 'minInsyncReplicas',
      message: `min.insync.replicas ${isr} is below 2 in a prod environment: an acknowledged write may exist on one broker only.`,
      fix: 'use minInsyncReplicas 2 (the default).',
    });
  }
  return out;
}

/** Partitions per broker, replicas included, as MSK counts them. */
export function partitionsPerBroker(topics: ReadonlyArray<{ partitions: number; replicationFactor: number }>, brokers: number): number {
  const replicas = topics.reduce((sum, t) => sum + t.partitions * t.replicationFactor, 0);
  return brokers > 0 ? Math.ceil(replicas / brokers) : replicas;
}
