import { MIRROR_POLICY_CLASSES, mirrorConnectorConfigs } from '../../../constructs/analysis/mirror-maker';

describe('MirrorMaker 2 connector settings', () => {
  const base = {
    sourceAlias: 'core',
    targetAlias: 'vault',
    sourceBootstrap: 'a:9096',
    targetBootstrap: 'b:9098',
    clientProperties: {},
    topics: 'payments,ledger',
  };
  const identity = mirrorConnectorConfigs({ ...base, policy: 'identity' });
  const prefixed = mirrorConnectorConfigs({ ...base, policy: 'prefixed', startingPosition: 'latest' });

  it('keeps topic names for active-passive and prefixes them for active-active', () => {
    expect(identity.source['replication.policy.class']).toBe(MIRROR_POLICY_CLASSES.identity);
    expect(prefixed.source['replication.policy.class']).toBe('org.apache.kafka.connect.mirror.DefaultReplicationPolicy');
  });

  it('translates consumer offsets (checkpoints with group offset sync)', () => {
    expect(identity.checkpoint).toEqual(
      expect.objectContaining({ 'sync.group.offsets.enabled': 'true', 'emit.checkpoints.enabled': 'true', groups: '.*' }),
    );
  });

  it('creates its internal topics with three replicas', () => {
    expect(identity.source['replication.factor']).toBe('3');
    expect(identity.checkpoint['checkpoints.topic.replication.factor']).toBe('3');
    expect(identity.heartbeat['heartbeats.topic.replication.factor']).toBe('3');
  });

  it('sets a starting position only when asked', () => {
    expect(identity.source['consumer.auto.offset.reset']).toBeUndefined();
    expect(prefixed.source['consumer.auto.offset.reset']).toBe('latest');
  });
});
