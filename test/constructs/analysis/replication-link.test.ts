import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import { asyncCopies } from '../../../constructs/analysis/replication';
import type { Outcome } from '../../../constructs/analysis/resilience';
import { chooseImplementation } from '../../../constructs/analysis/replication-implementation';
import {
  checkReplicationLinks,
  flowObjectives,
  flowsOf,
  flowsIntoSite,
  lagAlarmSeconds,
  replicationFlows,
} from '../../../constructs/analysis/replication-link';
import { renderRunbook } from '../../../constructs/analysis/replication-runbook';
import { checkEnvironment } from '../../../constructs/analysis/validate';

function estate(replication: unknown[], extra: { clusters?: unknown[]; topics?: unknown[] } = {}): Environment {
  return EnvironmentSchema.parse({
    name: 'bank',
    stage: 'dev',
    owner: 'payments',
    sites: [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
      { id: 'sto', cloud: 'aws', region: 'eu-north-1', cidr: '10.40.0.0/16', role: 'dr' },
      { id: 'bel', cloud: 'gcp', region: 'europe-west1', cidr: '10.50.0.0/16' },
      { id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.60.0.0/16' },
      { id: 'neu', cloud: 'azure', region: 'northeurope', cidr: '10.70.0.0/16' },
    ],
    clusters: [
      { id: 'core', kind: 'msk', sites: ['fra'] },
      { id: 'vault', kind: 'msk', sites: ['sto'] },
      { id: 'lake', kind: 'gcp-managed', sites: ['bel'] },
      { id: 'hub', kind: 'event-hubs', sites: ['weu'] },
      { id: 'hub2', kind: 'event-hubs', sites: ['neu'] },
      ...(extra.clusters ?? []),
    ],
    topics: [
      { name: 'payments', cluster: 'core', partitions: 12 },
      { name: 'ledger', cluster: 'core', partitions: 6 },
      { name: 'payments', cluster: 'vault', partitions: 12 },
      { name: 'telemetry', cluster: 'hub', partitions: 4 },
      ...(extra.topics ?? []),
    ],
    replication,
  });
}

describe('implementation choice', () => {
  it.each([
    ['msk', 'msk', undefined, 'msk-replicator'],
    ['msk', 'msk', 'mirror-maker-2', 'mm2-msk-connect'],
    ['self-managed', 'msk', undefined, 'mm2-msk-connect'],
    ['gcp-managed', 'msk-serverless', undefined, 'mm2-msk-connect'],
    ['msk', 'gcp-managed', undefined, 'mm2-managed-kafka-connect'],
    ['event-hubs', 'event-hubs', undefined, 'event-hubs-geo-dr'],
    ['event-hubs', 'event-hubs', 'mirror-maker-2', 'mm2-event-hubs'],
    ['msk', 'event-hubs', undefined, 'mm2-event-hubs'],
  ] as const)('%s -> %s (%s) is %s', (source, target, override, expected) => {
    expect(chooseImplementation(source, target, override)).toEqual({ implementation: expected });
  });

  it.each([
    ['self-managed', 'msk', 'msk-replicator', /MSK Replicator copies between MSK clusters only; the source is a self-managed cluster/],
    ['msk', 'msk', 'geo-dr', /geo-dr pairs two Event Hubs namespaces; the target is an MSK cluster/],
    ['msk', 'event-hubs', 'geo-dr', /the source is a msk cluster/],
    ['msk', 'gcp-managed', 'msk-replicator', /cannot write into a Google Managed Kafka cluster/],
    ['msk', 'edge', undefined, /replication into a edge cluster is not synthesized/],
  ] as const)('refuses %s -> %s with %s', (source, target, override, message) => {
    const choice = chooseImplementation(source, target, override);
    expect('problem' in choice && choice.problem.message).toMatch(message);
  });
});

describe('flows and what they promise', () => {
  const env = estate([
    { from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments', 'ledger'], maxLag: '30s' },
    { id: 'lake-copy', from: 'core', to: 'lake', mode: 'migration', topics: ['ledger'] },
    { from: 'hub', to: 'hub2', mode: 'active-passive', topics: ['telemetry'] },
  ]);
  const flows = replicationFlows(env);

  it('lives in the target site', () => {
    expect(flowsIntoSite(env, 'sto').map((f) => f.id)).toEqual(['core-to-vault']);
    expect(flowsIntoSite(env, 'fra')).toEqual([]);
  });

  it('keeps identical names for active-passive and migration', () => {
    expect(flows[0].topics).toEqual([
      { source: 'payments', target: 'payments' },
      { source: 'ledger', target: 'ledger' },
    ]);
    expect(flows[1]).toMatchObject({ naming: 'identical', startingPosition: 'earliest', implementation: 'mm2-managed-kafka-connect' });
  });

  it('never reports RPO 0 for an async copy, even with a zero budget', () => {
    const o = flowObjectives(flows[0]);
    expect(flowObjectives(flows[0], env).rpoSeconds).toBe(30);
    expect(o.rpoSeconds).toBe(30);
    expect(o.rpoIsLagBound).toBe(true);
    expect(o.rpo).toBe('> 0, bounded by replication lag (alarm at 30s)');
    expect(flowObjectives({ ...flows[0], maxLagSeconds: 0 }).rpoSeconds).toBeGreaterThan(0);
    expect(o.offsetsFollow).toBe(true);
    expect(o.rtoSeconds).toBe(900);
  });

  it('says the bound is unknown without maxLag, and sets no lag alarm', () => {
    expect(flows[1].maxLagSeconds).toBeUndefined();
    expect(flowObjectives(flows[1], env)).toMatchObject({
      rpoSeconds: Infinity,
      rpoIsLagBound: true,
      rpo: '> 0, bounded by replication lag (no maxLag declared, so the bound is unknown)',
    });
    expect(lagAlarmSeconds(flows[1])).toBeUndefined();
    expect(lagAlarmSeconds(flows[0])).toBe(30);
  });

  it('takes failoverTime as the RTO when declared', () => {
    const f = replicationFlows(
      estate([{ from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '30s', failoverTime: '5m' }]),
    )[0];
    expect(flowObjectives(f).rtoSeconds).toBe(300);
    expect(flowObjectives(f).rto).toBe('≈ 5m (decision + client redirect)');
  });

  it('refines the site-loss outcome of a Geo-DR primary as metadata only', () => {
    const lost: Outcome = {
      topic: 'telemetry',
      cluster: 'hub',
      scope: 'site',
      failure: 'site weu lost',
      lostSite: 'weu',
      rpoSeconds: Infinity,
      rpoIsLagBound: false,
      rtoSeconds: Infinity,
      writesContinue: false,
      mechanism: 'none',
      reason: 'namespace lives only in weu',
    };
    expect(asyncCopies(env, [lost])[0]).toMatchObject({
      mechanism: 'metadata-only',
      rpoSeconds: Infinity,
      rtoSeconds: 600,
      writesContinue: true,
      rpoFix: expect.stringMatching(/implementation: mirror-maker-2/),
    });
  });

  it('reports a Geo-DR pair as metadata only: unbounded RPO for events, offsets do not follow', () => {
    const o = flowObjectives(flows[2]);
    expect(flows[2].implementation).toBe('event-hubs-geo-dr');
    expect(o).toMatchObject({ rpoSeconds: Infinity, rpoIsLagBound: false, eventsCopied: false, offsetsFollow: false });
    expect(o.rpo).toMatch(/metadata only/);
    expect(lagAlarmSeconds(flows[2])).toBeUndefined();
  });

  it('copies active-active both ways under prefixed names', () => {
    const aa = replicationFlows(
      estate([{ from: 'core', to: 'vault', mode: 'active-active', topics: ['payments'], implementation: 'mirror-maker-2' }]),
    );
    expect(aa.map((f) => [f.id, f.from, f.to, f.targetSite])).toEqual([
      ['core-to-vault', 'core', 'vault', 'sto'],
      ['core-to-vault-reverse', 'vault', 'core', 'fra'],
    ]);
    expect(aa[0].topics).toEqual([{ source: 'payments', target: 'core.payments' }]);
    expect(aa[1].topics).toEqual([{ source: 'payments', target: 'vault.payments' }]);
  });
});

describe('mode rules', () => {
  const messages = (replication: unknown[], extra?: Parameters<typeof estate>[1]) =>
    checkReplicationLinks(estate(replication, extra)).map((p) => `${p.path}: ${p.message} Fix: ${p.fix}`);

  it('accepts a well-formed estate', () => {
    expect(messages([{ from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'] }])).toEqual([]);
  });

  it('rejects two identical-name directions (active-active without prefixing) as a loop', () => {
    const out = messages([
      { from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'] },
      { from: 'vault', to: 'core', mode: 'active-passive', topics: ['payments'] },
    ]);
    expect(out).toEqual([
      expect.stringMatching(
        /^replication\[1\]: topic "payments" would loop: this entry copies vault -> core with identical names while replication\[0\] already copies from core back to vault.*Fix: for writes on both sides use one entry with mode: active-active/,
      ),
    ]);
  });

  it('finds a loop through three clusters', () => {
    const out = messages(
      [
        { from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'] },
        { from: 'vault', to: 'lake', mode: 'active-passive', topics: ['payments'] },
        { from: 'lake', to: 'core', mode: 'migration', topics: ['payments'] },
      ],
      { topics: [{ name: 'payments', cluster: 'lake', partitions: 3 }] },
    );
    expect(out).toEqual([expect.stringMatching(/^replication\[2\]: topic "payments" would loop: .*replication\[0\], replication\[1\]/)]);
  });

  it('does not call a prefixed active-active link a loop', () => {
    expect(messages([{ from: 'core', to: 'vault', mode: 'active-active', topics: ['payments'] }])).toEqual([]);
  });

  it('rejects active-active when the topic is missing on the other end', () => {
    expect(messages([{ from: 'core', to: 'vault', mode: 'active-active', topics: ['ledger'] }])).toEqual([
      expect.stringMatching(
        /^replication\[0\]\.topics\[0\]: active-active copies "ledger" both ways, but cluster "vault" has no topic "ledger"/,
      ),
    ]);
  });

  it('rejects active-active over a Geo-DR pair, which cannot prefix', () => {
    expect(
      messages([{ from: 'hub', to: 'hub2', mode: 'active-active', topics: ['telemetry'] }], {
        topics: [{ name: 'telemetry', cluster: 'hub2', partitions: 4 }],
      }),
    ).toEqual([
      expect.stringMatching(
        /^replication\[0\]\.mode: active-active between "hub" and "hub2" needs prefixed copies.*Fix: use mode: active-passive for a Geo-DR pair, or implementation: mirror-maker-2/,
      ),
      expect.stringMatching(/^replication\[0\]\.mode: active-active between "hub2" and "hub"/),
      expect.stringMatching(/^replication\[0\]\.to: Geo-DR pairs namespace "hub" only with an empty secondary/),
    ]);
  });

  it('rejects a migration that starts at latest', () => {
    expect(messages([{ from: 'core', to: 'vault', mode: 'migration', topics: ['ledger'], startingPosition: 'latest' }])).toEqual([
      expect.stringMatching(/^replication\[0\]\.startingPosition: a migration starting at latest leaves the existing records behind/),
    ]);
  });

  it('rejects a zero lag budget: a copy is never RPO 0', () => {
    const out = checkEnvironment(estate([{ from: 'core', to: 'vault', mode: 'active-passive', topics: ['ledger'], maxLag: '0s' }]));
    expect(out.map((p) => p.path)).toEqual(['replication[0].maxLag']);
  });

  it('rejects an implementation the ends cannot run, naming the reverse direction', () => {
    expect(
      messages([{ from: 'core', to: 'lake', mode: 'active-active', topics: ['ledger'], implementation: 'msk-replicator' }], {
        topics: [{ name: 'ledger', cluster: 'lake', partitions: 3 }],
      }),
    ).toEqual([
      expect.stringMatching(/^replication\[0\]\.implementation: msk-replicator cannot write into a Google Managed Kafka cluster\./),
      expect.stringMatching(
        /^replication\[0\]\.implementation: MSK Replicator copies between MSK clusters only; the source is a gcp-managed cluster\. \(reverse direction of the active-active link, lake -> core\)/,
      ),
    ]);
  });

  it('rejects a lag budget on a Geo-DR pair and warns that objectives gain nothing', () => {
    const env = estate([{ from: 'hub', to: 'hub2', mode: 'active-passive', topics: ['telemetry'], maxLag: '1m' }], {});
    expect(checkReplicationLinks(env).map((p) => [p.path, p.severity])).toEqual([['replication[0].maxLag', 'error']]);
    const grouped = EnvironmentSchema.parse({
      ...env,
      topicGroups: [{ id: 'iot', rpo: '1m', rto: '1h' }],
      topics: env.topics.map((t) => (t.name === 'telemetry' ? { ...t, group: 'iot' } : t)),
      replication: [{ from: 'hub', to: 'hub2', mode: 'active-passive', topics: ['telemetry'] }],
    });
    expect(checkReplicationLinks(grouped)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/Geo-DR copies metadata only: events of "telemetry" are not copied/),
      }),
    ]);
  });

  it('rejects MSK Replicator to a cluster without IAM auth', () => {
    const out = messages([{ from: 'core', to: 'vault2', mode: 'active-passive', topics: ['ledger'] }], {
      clusters: [{ id: 'vault2', kind: 'msk', sites: ['sto'], clientAuth: ['scram'] }],
    });
    expect(out).toEqual([
      expect.stringMatching(
        /^replication\[0\]\.to: Amazon MSK Replicator authenticates to cluster "vault2" with IAM, but its clientAuth is \[scram\]\..*Fix: add iam to clientAuth of cluster "vault2"/,
      ),
    ]);
  });

  it('rejects duplicate link ids', () => {
    expect(
      messages([
        { id: 'dr', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'] },
        { id: 'dr', from: 'core', to: 'lake', mode: 'active-passive', topics: ['ledger'] },
      ]),
    ).toEqual([expect.stringMatching(/^replication\[1\]\.id: duplicate replication link id "dr"/)]);
  });

  it('is part of the environment checks', () => {
    expect(
      checkEnvironment(estate([{ from: 'core', to: 'vault', mode: 'migration', topics: ['ledger'], startingPosition: 'latest' }])).map(
        (p) => p.path,
      ),
    ).toContain('replication[0].startingPosition');
  });
});

describe('failback: reversed entries', () => {
  const reversed = estate([
    { id: 'vault-dr', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '1m', reversed: true },
  ]);

  it('copies to -> from, built in the stack of from, keeping the link id', () => {
    expect(replicationFlows(reversed).map((f) => [f.id, f.from, f.to, f.targetSite])).toEqual([['vault-dr', 'vault', 'core', 'fra']]);
    expect(checkReplicationLinks(reversed)).toEqual([]);
  });

  it('protects nothing on the original source while it runs', () => {
    const lost: Outcome = {
      topic: 'payments',
      cluster: 'core',
      scope: 'site',
      failure: 'site fra lost',
      lostSite: 'fra',
      rpoSeconds: Infinity,
      rpoIsLagBound: false,
      rtoSeconds: Infinity,
      writesContinue: false,
      mechanism: 'none',
      reason: 'only in fra',
    };
    expect(asyncCopies(reversed, [lost])[0].mechanism).toBe('none');
  });

  it('loops with a second entry in the original direction', () => {
    const out = checkReplicationLinks(
      estate([
        { id: 'aa', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], reversed: true },
        { id: 'bb', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'] },
      ]),
    );
    expect(out.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /topic "payments" would loop: this entry copies core -> vault with identical names while replication\[0\] already copies from vault back to core/,
      ),
    ]);
  });

  it('is refused on active-active and migration links', () => {
    const out = checkReplicationLinks(estate([{ from: 'core', to: 'vault', mode: 'active-active', topics: ['payments'], reversed: true }]));
    expect(out.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'replication[0].reversed: reversed applies to an active-passive link failing back; this one is active-active.',
    ]);
  });

  it('says so at the top of the runbook, which keeps the normal direction', () => {
    const md = renderRunbook(reversed, flowsOf(reversed, { ...reversed.replication[0], reversed: false }, 0));
    expect(md).toContain('**Failback in progress** (`reversed: true`): the copy currently runs `vault` -> `core`');
    expect(md).toContain('| source | cluster `core` (msk) in site `fra`, stack `bank-fra` |');
  });
});

describe('runbook', () => {
  const env = estate([
    { id: 'vault-dr', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '1m' },
    { from: 'core', to: 'lake', mode: 'migration', topics: ['ledger'] },
    { from: 'hub', to: 'hub2', mode: 'active-passive', topics: ['telemetry'] },
  ]);
  const flows = replicationFlows(env);
  const dr = renderRunbook(env, [flows[0]]);

  it('states RPO, RTO and offsets', () => {
    expect(dr).toContain('| RPO | > 0, bounded by replication lag (alarm at 1m) |');
    expect(dr).toContain('| RTO | ≈ 15m (decision + client redirect) |');
    expect(dr).toMatch(/\| consumer offsets \| follow: consumer group offsets are synchronised by the replicator/);
  });

  it('keeps Terraform state consistent: names the file and the stacks, in order, nothing destroyed', () => {
    expect(dr).toContain('never remove a `prevent_destroy`');
    expect(dr).toContain('add `reversed: true` to `replication[0]` (id `vault-dr`');
    expect(dr).toContain('environments/bank.yaml');
    expect(dr).toMatch(/Deploy `bank-sto` first .* then `bank-fra`/);
    expect(dr).toContain('Do not plan or apply `bank-fra` while its region is down');
    expect(dr).not.toMatch(/state rm `|cdktf destroy `/);
  });

  it('writes a cutover for a migration and says Geo-DR copies no events', () => {
    const mig = renderRunbook(env, [flows[1]]);
    expect(mig).toContain('## Cutover');
    expect(mig).toMatch(/check its translated offsets on `lake`/);
    expect(mig).toMatch(/The old cluster `core` stays, protected by prevent_destroy/);
    const geo = renderRunbook(env, [flows[2]]);
    expect(geo).toContain('events are not copied (metadata only)');
    expect(geo).toMatch(/az eventhubs georecovery-alias fail-over/);
    expect(geo).toMatch(/Azure pairs only with an empty secondary/);
  });
});
