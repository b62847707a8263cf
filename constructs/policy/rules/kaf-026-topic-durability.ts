import { entry, fail, isExpression, strimzi, undecidable, type PolicyRule, type Verdict } from '../rule';

function judge(rf: unknown, isr: unknown, rfWhere: string, isrWhere: string, prod: boolean): Verdict {
  if (isExpression(rf) || isExpression(isr)) return undecidable(`${isExpression(rf) ? rfWhere : isrWhere} is computed at apply time.`);
  const wrong: string[] = [];
  const r = rf === undefined ? undefined : Number(rf);
  const i = isr === undefined ? undefined : Number(isr);
  // Managed services that place replicas themselves use -1 for "service default (3)".
  if (prod && r !== undefined && r !== -1 && r < 3) wrong.push(`${rfWhere} is ${r} (below 3)`);
  if (i !== undefined && i < (prod ? 2 : 1)) wrong.push(`${isrWhere} is ${i} (below ${prod ? 2 : 1})`);
  if (r !== undefined && r !== -1 && i !== undefined && i >= r) wrong.push(`${isrWhere} ${i} is not below ${rfWhere} ${r}`);
  return wrong.length === 0 ? 'compliant' : fail(`${wrong.join('; ')}.`);
}

export const KAF026: PolicyRule = {
  id: 'KAF-026',
  title: 'Topics keep min ISR below RF, and in prod at least 3 replicas with at least 2 in sync',
  why: 'With acks=all a write is safe only when min.insync.replicas >= 2; min ISR equal to RF stops all writes when one replica is down. Dev may run RF 2 / min ISR 1, as the environment validation allows.',
  fix: 'replication factor 3 and min.insync.replicas 2 (the environment defaults); a single-broker edge site must suppress this with its reason.',
  severity: 'error',
  controls: ['NIST 800-53 CP-10', 'ISO 27001 A.8.14', 'DORA Art. 12'],
  appliesTo: ['kafka_topic', 'google_managed_kafka_topic', 'kubernetes_manifest'],
  check: (r) => {
    if (r.type === 'kafka_topic')
      return judge(
        r.config.replication_factor,
        entry(r.config.config, 'min.insync.replicas'),
        'replication_factor',
        'config["min.insync.replicas"]',
        r.stage !== 'dev',
      );
    if (r.type === 'google_managed_kafka_topic')
      return judge(
        r.config.replication_factor,
        entry(r.config.configs, 'min.insync.replicas'),
        'replication_factor',
        'configs["min.insync.replicas"]',
        r.stage !== 'dev',
      );
    const spec = strimzi(r, 'KafkaTopic');
    if (!spec) return 'not-applicable';
    return judge(
      spec.replicas,
      entry(spec.config, 'min.insync.replicas'),
      'spec.replicas',
      'spec.config["min.insync.replicas"]',
      r.stage !== 'dev',
    );
  },
};
