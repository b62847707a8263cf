import { bool, entry, fail, get, list, strimzi, worst, type PolicyRule, type Verdict } from '../rule';

function syncOn(config: unknown, where: string): Verdict {
  const v = entry(config, 'sync.group.offsets.enabled');
  return String(v).toLowerCase() === 'true'
    ? 'compliant'
    : fail(`${where}["sync.group.offsets.enabled"] is ${v === undefined ? 'not set' : String(v)}.`);
}

export const KAF028: PolicyRule = {
  id: 'KAF-028',
  title: 'Replication carries consumer group offsets to the copy',
  why: 'After a failover consumers resume from their committed offsets; without offset translation they restart from the beginning (duplicates) or the end (loss).',
  fix: 'MSK Replicator: consumer_group_replication with consumer_groups_to_replicate and synchronise_consumer_group_offsets = true; MirrorMaker 2: a checkpoint connector with sync.group.offsets.enabled=true.',
  severity: 'error',
  controls: ['NIST 800-53 CP-10', 'ISO 27001 A.8.14', 'DORA Art. 11'],
  appliesTo: ['aws_msk_replicator', 'aws_mskconnect_connector', 'kubernetes_manifest'],
  check: (r) => {
    if (r.type === 'aws_msk_replicator') {
      return worst(
        list(r.config.replication_info_list).map((info, i) => {
          const groups = get(info, 'consumer_group_replication');
          if (groups === undefined) return fail(`replication_info_list[${i}].consumer_group_replication is not set.`);
          if (list(get(groups, 'consumer_groups_to_replicate')).length === 0)
            return fail(`replication_info_list[${i}] replicates no consumer groups.`);
          return bool(get(groups, 'synchronise_consumer_group_offsets')) === false
            ? fail(`replication_info_list[${i}].consumer_group_replication.synchronise_consumer_group_offsets is false.`)
            : 'compliant';
        }),
      );
    }
    if (r.type === 'aws_mskconnect_connector') {
      const cls = String(entry(r.config.connector_configuration, 'connector.class') ?? '');
      return cls.endsWith('MirrorCheckpointConnector')
        ? syncOn(r.config.connector_configuration, 'connector_configuration')
        : 'not-applicable';
    }
    const spec = strimzi(r, 'KafkaMirrorMaker2');
    if (!spec) return 'not-applicable';
    const mirrors = list(spec.mirrors);
    if (mirrors.length === 0) return 'not-applicable';
    return worst(
      mirrors.map((m, i) =>
        get(m, 'checkpointConnector') === undefined
          ? fail(`spec.mirrors[${i}] has no checkpointConnector.`)
          : syncOn(get(m, 'checkpointConnector.config'), `spec.mirrors[${i}].checkpointConnector.config`),
      ),
    );
  },
};
