import { entry, fail, strimzi, requireSettings, type PolicyRule, type Verdict } from '../rule';

/** Topic-level override: absent inherits the broker setting (checked on the broker); true fails. */
function topicOverride(config: unknown, where: string): Verdict {
  const v = entry(config, 'unclean.leader.election.enable');
  if (v === undefined) return 'compliant';
  return String(v).toLowerCase() === 'false' ? 'compliant' : fail(`${where}["unclean.leader.election.enable"] is ${String(v)}.`);
}

export const KAF021: PolicyRule = {
  id: 'KAF-021',
  title: 'Unclean leader election is off',
  why: 'An unclean election makes an out-of-sync replica the leader and silently drops acknowledged writes; MSK enables it by default.',
  fix: 'set unclean.leader.election.enable=false in the broker configuration and never override it on a topic.',
  severity: 'error',
  controls: ['NIST 800-53 SI-7', 'NIST 800-53 CP-10', 'ISO 27001 A.8.14', 'DORA Art. 12'],
  appliesTo: ['aws_msk_configuration', 'kafka_topic', 'google_managed_kafka_topic', 'kubernetes_manifest'],
  check: (r) => {
    if (r.type === 'kafka_topic') return topicOverride(r.config.config, 'config');
    if (r.type === 'google_managed_kafka_topic') return topicOverride(r.config.configs, 'configs');
    const topic = strimzi(r, 'KafkaTopic');
    if (topic) return topicOverride(topic.config, 'spec.config');
    return requireSettings(r, [{ key: 'unclean.leader.election.enable', value: 'false' }]);
  },
};
