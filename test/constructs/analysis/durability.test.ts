import {
  checkTopicDurability,
  MSK_PARTITIONS_PER_BROKER,
  partitionsPerBroker,
  renderServerProperties,
  SAFE_SERVER_PROPERTIES,
} from '../../../constructs/analysis/durability';

describe('broker settings every cluster gets', () => {
  it('are the ones DESIGN.md lists, none missing, none softened', () => {
    expect(SAFE_SERVER_PROPERTIES).toEqual({
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'allow.everyone.if.no.acl.found': 'false',
    });
  });

  it('render as sorted key=value lines ending in a newline', () => {
    expect(renderServerProperties({ 'b.x': '2', 'a.y': '1' })).toBe('a.y=1\nb.x=2\n');
    expect(renderServerProperties({})).toBe('\n');
  });

  it('follow MSK’s recommended partitions per broker by size', () => {
    expect(MSK_PARTITIONS_PER_BROKER['kafka.t3.small']).toBe(300);
    expect(MSK_PARTITIONS_PER_BROKER['kafka.m5.large']).toBe(1000);
    expect(MSK_PARTITIONS_PER_BROKER['kafka.m5.2xlarge']).toBe(2000);
    expect(MSK_PARTITIONS_PER_BROKER['kafka.m7g.4xlarge']).toBe(4000);
  });
});

describe('checkTopicDurability', () => {
  const prod = { brokers: 3, stage: 'prod' as const };
  const dev = { brokers: 3, stage: 'dev' as const };
  const check = (rf: number, isr: number, ctx: { brokers?: number; stage: 'dev' | 'prod' } = prod) =>
    checkTopicDurability({ replicationFactor: rf, minInsyncReplicas: isr }, ctx);

  it('accepts RF 3 / min ISR 2 on three brokers, and RF up to the brokers', () => {
    expect(check(3, 2)).toEqual([]);
    expect(check(5, 2, { brokers: 5, stage: 'prod' })).toEqual([]);
  });

  it('rejects RF above the brokers, not RF equal to them; services that place replicas themselves are not counted', () => {
    expect(check(4, 2)).toEqual([
      {
        field: 'replicationFactor',
        message: 'replication factor 4 is more than the 3 brokers of the cluster.',
        fix: 'use a replication factor of at most 3, or add brokers.',
      },
    ]);
    expect(check(4, 2, { stage: 'prod' })).toEqual([]);
  });

  it('rejects min ISR at or above RF: one replica down would stop writes', () => {
    expect(check(3, 3)).toEqual([
      {
        field: 'minInsyncReplicas',
        message: 'min.insync.replicas 3 is not below the replication factor 3: losing one replica would stop acks=all writes.',
        fix: 'set minInsyncReplicas to 2 or raise the replication factor to 4.',
      },
    ]);
    expect(check(3, 4).map((f) => f.fix)).toContain('set minInsyncReplicas to 2 or raise the replication factor to 5.');
    // RF 1 cannot go lower than min ISR 1.
    expect(check(1, 1, { brokers: 3, stage: 'dev' })[0].fix).toBe('set minInsyncReplicas to 1 or raise the replication factor to 2.');
  });

  it('rejects min ISR below 1, without the prod advice on top', () => {
    expect(check(3, 0)).toEqual([
      { field: 'minInsyncReplicas', message: 'min.insync.replicas 0 is below 1.', fix: 'set minInsyncReplicas to 2.' },
    ]);
  });

  it('in prod, rejects RF below 3 and min ISR 1', () => {
    expect(check(2, 1)).toEqual([
      {
        field: 'replicationFactor',
        message: 'replication factor 2 is below 3 in a prod environment: one broker loss leaves a single copy.',
        fix: 'use replicationFactor 3 (the default).',
      },
      {
        field: 'minInsyncReplicas',
        message: 'min.insync.replicas 1 is below 2 in a prod environment: an acknowledged write may exist on one broker only.',
        fix: 'use minInsyncReplicas 2 (the default).',
      },
    ]);
    expect(check(3, 1).map((f) => f.field)).toEqual(['minInsyncReplicas']);
  });

  it('in dev, lets RF 2 / min ISR 1 through', () => {
    expect(check(2, 1, dev)).toEqual([]);
  });
});

describe('partitionsPerBroker', () => {
  it('counts replicas and rounds up', () => {
    expect(
      partitionsPerBroker(
        [
          { partitions: 10, replicationFactor: 3 },
          { partitions: 1, replicationFactor: 2 },
        ],
        3,
      ),
    ).toBe(11);
    expect(partitionsPerBroker([{ partitions: 12, replicationFactor: 3 }], 4)).toBe(9);
  });
  it('puts everything on one broker count when there are no brokers', () => {
    expect(partitionsPerBroker([{ partitions: 5, replicationFactor: 3 }], 0)).toBe(15);
  });
});
