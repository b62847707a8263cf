import { readFileSync } from 'fs';
import { join } from 'path';
import {
  checkAlertTargets,
  checkObjectivesWatched,
  lagBudgetSeconds,
  planAlarms,
  watchObjectives,
  type AlarmSpec,
} from '../../../constructs/analysis/alarms';
import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import { envOf } from '../../helpers';

const alerts = { page: { email: ['oncall@example.com'] }, ticket: { https: ['https://tickets.example.com/kafka'] } };

/** A bank: MSK in fra, a DR copy in sto, payments with the given objective. */
function bank(
  over: Record<string, unknown> = {},
  replication: Record<string, unknown>[] = [
    { id: 'dr-copy', from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '5m' },
  ],
): Environment {
  return EnvironmentSchema.parse({
    name: 'bank',
    stage: 'prod',
    owner: 'payments',
    alerts,
    sites: [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
      { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16' },
    ],
    clusters: [
      { id: 'main', kind: 'msk', sites: ['fra'], brokers: 3 },
      { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
    ],
    topicGroups: [{ id: 'payments', rpo: '5m', rto: '30m' }],
    topics: [{ name: 'payments', cluster: 'main', partitions: 12, group: 'payments' }],
    replication,
    ...over,
  });
}

const byId = (alarms: AlarmSpec[], id: string) => alarms.find((a) => a.id === id) as AlarmSpec;

describe('planAlarms: MSK cluster health', () => {
  const { alarms, gaps } = planAlarms(bank());
  const main = alarms.filter((a) => a.subject.kind === 'cluster' && a.subject.id === 'main');

  it('plans every MSK signal the issue names, in the cluster site', () => {
    expect(gaps).toEqual([]);
    expect(main.map((a) => a.id).sort()).toEqual(
      [
        'main-active-controller',
        'main-auth-failures',
        'main-cpu',
        'main-disk-used-page',
        'main-disk-used-ticket',
        'main-offline-partitions',
        'main-under-min-isr',
        'main-under-replicated',
      ].sort(),
    );
    expect(main.every((a) => a.site === 'fra' && a.cloud === 'aws')).toBe(true);
  });

  it('pages on any offline partition and on partitions under min ISR', () => {
    expect(byId(alarms, 'main-offline-partitions')).toMatchObject({ severity: 'page', comparison: 'above', threshold: 0 });
    expect(byId(alarms, 'main-under-min-isr')).toMatchObject({
      severity: 'page',
      threshold: 0,
      metric: expect.objectContaining({ expression: 'SUM([b1,b2,b3])' }),
    });
  });

  it('sums ActiveControllerCount across the cluster and fires when it is not 1', () => {
    expect(byId(alarms, 'main-active-controller').metric).toMatchObject({
      expression: 'ABS(m1 - 1)',
      metrics: [expect.objectContaining({ name: 'ActiveControllerCount', stat: 'Sum' })],
    });
  });

  it('tickets at 80 % disk and pages at 90 %', () => {
    expect([byId(alarms, 'main-disk-used-ticket'), byId(alarms, 'main-disk-used-page')].map((a) => [a.severity, a.threshold])).toEqual([
      ['ticket', 80],
      ['page', 90],
    ]);
  });

  it('splits a large cluster into alarms of at most 10 metrics', () => {
    const big = planAlarms(
      bank({
        clusters: [
          { id: 'main', kind: 'msk', sites: ['fra'], brokers: 24 },
          { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
        ],
      }),
    ).alarms;
    const isr = big.filter((a) => a.id.startsWith('main-under-min-isr'));
    expect(isr.map((a) => a.id)).toEqual([
      'main-under-min-isr-brokers-1-10',
      'main-under-min-isr-brokers-11-20',
      'main-under-min-isr-brokers-21-24',
    ]);
    for (const a of big) if (a.metric.kind === 'cloudwatch') expect(a.metric.metrics.length).toBeLessThanOrEqual(10);
    expect(big.filter((a) => a.id.startsWith('main-cpu'))).toHaveLength(5);
  });

  it('puts a runbook in every alarm', () => {
    for (const a of alarms) expect(a.runbook.length).toBeGreaterThan(30);
  });
});

describe('planAlarms: the DR copy alarms below its declared RPO', () => {
  const { alarms } = planAlarms(bank());
  const lag = alarms.filter((a) => a.subject.kind === 'replication');

  it('reads MSK Replicator latency in the target region, in seconds', () => {
    expect(lag.map((a) => [a.id, a.site, a.severity])).toEqual([
      ['dr-copy-lag-ticket', 'sto', 'ticket'],
      ['dr-copy-lag-page', 'sto', 'page'],
    ]);
    expect(lag[0].metric).toMatchObject({
      expression: 'm1 / 1000',
      metrics: [expect.objectContaining({ name: 'ReplicationLatency', dimensions: { ReplicatorName: 'bank-sto-dr-copy' } })],
    });
  });

  it('fires the page below the 5m RPO, early enough for the detection delay', () => {
    const page = byId(alarms, 'dr-copy-lag-page');
    expect(page.threshold).toBe(180);
    expect(page.threshold).toBeLessThan(300);
    expect(byId(alarms, 'dr-copy-lag-ticket').threshold).toBe(150);
  });

  it('watches the heartbeats, not a replicator that does not exist, when MirrorMaker 2 copies MSK to MSK', () => {
    const env = bank({}, [
      {
        id: 'dr-copy',
        from: 'main',
        to: 'vault',
        mode: 'active-passive',
        topics: ['payments'],
        maxLag: '5m',
        implementation: 'mirror-maker-2',
      },
    ]);
    const stalled = planAlarms(env).alarms.filter((a) => a.subject.kind === 'replication');
    expect(stalled.map((a) => a.id)).toEqual(['dr-copy-stalled-ticket', 'dr-copy-stalled-page']);
    expect(stalled[0].metric).toMatchObject({
      metrics: expect.arrayContaining([
        expect.objectContaining({ name: 'BytesInPerSec', dimensions: expect.objectContaining({ Topic: 'main.heartbeats' }) }),
      ]),
    });
  });

  it('takes the budget from the group RPO when the flow declares no maxLag', () => {
    const env = bank({}, [{ from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'] }]);
    expect(lagBudgetSeconds(env, env.replication[0])).toBe(300);
    expect(planAlarms(env).alarms.find((a) => a.id === 'main-to-vault-lag-page')?.threshold).toBe(180);
  });

  it('watches a MirrorMaker 2 flow into MSK by the heartbeats it replicates', () => {
    const env = bank(
      {
        clusters: [
          { id: 'core', kind: 'self-managed', sites: ['fra'] },
          { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
        ],
        topics: [{ name: 'payments', cluster: 'core', partitions: 12, group: 'payments' }],
        topicGroups: [],
      },
      [{ id: 'dr-copy', from: 'core', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '5m' }],
    );
    const stalled = planAlarms(env).alarms.find((a) => a.id === 'dr-copy-stalled-page') as AlarmSpec;
    expect(stalled).toMatchObject({
      comparison: 'at-or-below',
      threshold: 0,
      missingData: 'breaching',
      periodSeconds: 60,
      evaluationPeriods: 3,
    });
    expect(stalled.metric).toMatchObject({
      metrics: expect.arrayContaining([expect.objectContaining({ dimensions: expect.objectContaining({ Topic: 'core.heartbeats' }) })]),
    });
    // 3 silent minutes + 1 minute publishing: fires within the 5m budget
    expect((stalled.evaluationPeriods + 1) * stalled.periodSeconds + 60).toBeLessThanOrEqual(300);
  });
});

describe('watchObjectives: per objective, the alarms that watch it (for the review)', () => {
  const watches = watchObjectives(bank());

  it('lists RPO, RTO and maxLag with their alarms and no gap', () => {
    expect(watches.map((w) => w.path)).toEqual(['topicGroups[0].rpo', 'topicGroups[0].rto', 'replication[0].maxLag']);
    expect(watches.every((w) => w.gap === undefined)).toBe(true);
    const rpo = watches[0].alarms.map((a) => a.id);
    expect(rpo).toEqual(expect.arrayContaining(['main-under-min-isr', 'main-offline-partitions', 'dr-copy-lag-page']));
    expect(watches[1].alarms.map((a) => a.id)).not.toContain('dr-copy-lag-page');
    expect(watches[2].alarms.map((a) => a.id)).toEqual(['dr-copy-lag-ticket', 'dr-copy-lag-page']);
  });
});

describe('checkObjectivesWatched: an objective nothing can watch is rejected', () => {
  it('accepts the bank', () => {
    expect(checkObjectivesWatched(bank())).toEqual([]);
  });

  it('warns that a maxLag shorter than a metric can be seen pages late, with the minimum that works', () => {
    const env = bank({}, [{ id: 'dr-copy', from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '90s' }]);
    expect(checkObjectivesWatched(env)).toEqual([]);
    expect(checkAlertTargets(env)).toEqual([
      expect.objectContaining({
        path: 'replication[0].maxLag',
        severity: 'warning',
        message: expect.stringMatching(/lag alarm of dr-copy may page late: a lag budget of 90s is spent before a 1m metric/),
        fix: 'declare maxLag of at least 3m to be paged before the budget is spent.',
      }),
    ]);
    expect(planAlarms(env).alarms.find((a) => a.id === 'dr-copy-lag-page')?.threshold).toBe(45);
  });

  it('rejects a group whose cluster kind has no health alarms', () => {
    const env = bank(
      {
        sites: [{ id: 'dc1', cloud: 'onprem', region: 'Frankfurt DC1', cidr: '10.50.0.0/16' }],
        clusters: [{ id: 'hub', kind: 'self-managed', sites: ['dc1'] }],
        topics: [{ name: 'payments', cluster: 'hub', partitions: 4, group: 'payments' }],
      },
      [],
    );
    const problems = checkObjectivesWatched(env);
    expect(problems.map((p) => p.path)).toEqual(['topicGroups[0].rpo', 'topicGroups[0].rto']);
    expect(problems[0].message).toMatch(
      /RPO 5m of group "payments" cannot be watched: no data-loss alarm covers cluster hub \(self-managed\)/,
    );
    expect(problems[0].fix).toMatch(/cluster kind with health alarms \(msk, .*\), or give that kind an alarms\.cluster/);
  });

  it('rejects a flow into a cluster whose lag nothing reads', () => {
    const env = bank(
      {
        sites: [
          { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
          { id: 'weu', cloud: 'azure', region: 'westeurope', cidr: '10.50.0.0/16' },
        ],
        clusters: [
          { id: 'main', kind: 'msk', sites: ['fra'], brokers: 3 },
          { id: 'copy', kind: 'event-hubs', sites: ['weu'] },
        ],
      },
      [{ id: 'to-azure', from: 'main', to: 'copy', mode: 'active-passive', topics: ['payments'], maxLag: '10m' }],
    );
    const problems = checkObjectivesWatched(env);
    expect(problems.find((p) => p.path === 'replication[0].maxLag')?.message).toMatch(
      /lag of to-azure .* cannot be watched: no alarm in this version reads the lag of a flow into a event-hubs cluster/,
    );
    expect(problems.find((p) => p.path === 'topicGroups[0].rpo')?.message).toMatch(/the lag of to-azure is not alarmed/);
  });

  it('warns about paging alarms that page nobody', () => {
    const quiet = bank({ alerts: undefined });
    expect(checkObjectivesWatched(quiet)).toEqual([]);
    expect(checkAlertTargets(quiet)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'alerts',
          severity: 'warning',
          message: expect.stringMatching(/site "fra" holds \d+ paging alarms but nobody is told/),
        }),
      ]),
    );
    const noObjective = bank({ alerts: undefined, topicGroups: [], topics: [{ name: 'payments', cluster: 'main', partitions: 12 }] }, []);
    expect(checkAlertTargets(noObjective).map((p) => [p.severity, p.path])).toEqual([
      ['warning', 'alerts'],
      ['warning', 'alerts'],
    ]);
  });

  it('lets a site route its alerts to its own team', () => {
    const env = bank({
      alerts: undefined,
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16', alerts },
        { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16', alerts },
      ],
    });
    expect(checkAlertTargets(env)).toEqual([]);
  });

  it('rejects an edge site whose offline window no hub watches', () => {
    const env = bank({
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
        { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16' },
        { id: 'ship', cloud: 'edge', region: 'at sea', role: 'edge', cidr: '10.60.0.0/24', offlineWindow: '3d' },
      ],
      clusters: [
        { id: 'main', kind: 'msk', sites: ['fra'], brokers: 3 },
        { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
        { id: 'ship', kind: 'edge', sites: ['ship'] },
      ],
    });
    expect(checkObjectivesWatched(env)).toEqual([
      expect.objectContaining({
        path: 'sites[2].offlineWindow',
        severity: 'error',
        message: expect.stringMatching(/nothing watches its heartbeats: it replicates to no hub/),
      }),
    ]);
  });
});

describe('planAlarms: edge heartbeats at the hub', () => {
  const env = bank(
    {
      sites: [
        { id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.10.0.0/16' },
        { id: 'sto', cloud: 'aws', region: 'eu-north-1', role: 'dr', cidr: '10.40.0.0/16' },
        { id: 'ship', cloud: 'edge', region: 'at sea', role: 'edge', cidr: '10.60.0.0/24', offlineWindow: '3d' },
      ],
      clusters: [
        { id: 'main', kind: 'msk', sites: ['fra'], brokers: 3 },
        { id: 'vault', kind: 'msk', sites: ['sto'], brokers: 3 },
        { id: 'ship', kind: 'edge', sites: ['ship'] },
      ],
      topics: [
        { name: 'payments', cluster: 'main', partitions: 12, group: 'payments' },
        { name: 'sales', cluster: 'ship', partitions: 3, replicationFactor: 1, minInsyncReplicas: 1 },
      ],
    },
    [
      { id: 'dr-copy', from: 'main', to: 'vault', mode: 'active-passive', topics: ['payments'], maxLag: '5m' },
      { id: 'ship-up', from: 'ship', to: 'main', mode: 'active-active', topics: ['sales'] },
    ],
  );
  const { alarms } = planAlarms(env);
  const beats = alarms.filter((a) => a.subject.kind === 'edge-site');

  it('tickets on unexpected silence and pages when silence reaches the offline window', () => {
    expect(beats.map((a) => [a.id, a.site, a.severity])).toEqual([
      ['ship-heartbeats-ticket', 'fra', 'ticket'],
      ['ship-heartbeats-page', 'fra', 'page'],
    ]);
    const page = beats[1];
    expect(page).toMatchObject({ periodSeconds: 3600, evaluationPeriods: 70, missingData: 'breaching', guards: ['buffer', 'lag'] });
    expect(page.metric).toMatchObject({
      metrics: expect.arrayContaining([
        expect.objectContaining({ dimensions: expect.objectContaining({ Topic: 'ship.heartbeats', 'Cluster Name': 'bank-fra-main' }) }),
      ]),
    });
  });

  it('counts the offline window as watched', () => {
    const w = watchObjectives(env).find((x) => x.path === 'sites[2].offlineWindow');
    expect(w?.gap).toBeUndefined();
    expect(w?.alarms.map((a) => a.id)).toEqual(['ship-heartbeats-page']);
  });
});

describe('planAlarms: edge fleets, from the reference retail estate', () => {
  const retail = envOf(readFileSync(join(__dirname, '..', '..', '..', 'environments', 'retail.yaml'), 'utf8'));
  const { alarms } = planAlarms(retail);
  const ship = alarms.filter((a) => a.subject.kind === 'edge-site' && a.subject.id === 'ship-oasis');

  it('watches what the site pushes to the Managed Kafka hub, paging by its offline window', () => {
    expect(ship.map((a) => [a.id, a.site, a.cloud, a.severity])).toEqual([
      ['ship-oasis-silent-ticket', 'hub', 'gcp', 'ticket'],
      ['ship-oasis-silent-page', 'hub', 'gcp', 'page'],
    ]);
    expect(ship[1].metric).toMatchObject({
      kind: 'cloud-monitoring',
      filter: expect.stringContaining('resource.labels.topic_id=starts_with("ship-oasis.")'),
    });
    const w = watchObjectives(retail).find((x) => x.objective.includes('edge site ship-oasis'));
    expect(w?.gap).toBeUndefined();
    expect(w?.alarms.map((a) => a.id)).toEqual(['ship-oasis-silent-page']);
  });

  it('watches each HA VPN tunnel by its planned name, a ticket while its pair carries traffic', () => {
    const tunnels = alarms.filter((a) => a.subject.kind === 'link' && a.subject.id === 'store-mia');
    expect(tunnels.map((a) => [a.id, a.severity, a.threshold, a.comparison])).toEqual([
      ['store-mia-tunnel-0-down', 'ticket', 1, 'below'],
      ['store-mia-tunnel-1-down', 'ticket', 1, 'below'],
    ]);
    expect(tunnels[0].metric).toMatchObject({
      filter: expect.stringContaining('metric.labels.tunnel_name="retail-hub-store-mia-tunnel-0"'),
    });
  });

  it("names where each edge site's offline window is declared", () => {
    const watched = watchObjectives(retail);
    const declared = retail.edgeFleets.flatMap((f, i) => f.sites.map((s, j) => [s.id, `edgeFleets[${i}].sites[${j}].offlineWindow`]));
    expect(declared.length).toBeGreaterThan(1);
    expect(declared.map(([id]) => [id, watched.find((w) => w.objective.endsWith(`of edge site ${id}`))?.path])).toEqual(declared);
  });

  it('lets every retail objective be watched', () => {
    expect(checkObjectivesWatched(retail).filter((p) => p.severity !== 'warning')).toEqual([]);
  });
});

describe('planAlarms: Stream Analytics pipelines (automotive)', () => {
  const automotive = envOf(readFileSync(join(__dirname, '..', '..', '..', 'environments', 'automotive.yaml'), 'utf8'));
  const pipeline = planAlarms(automotive).alarms.filter((a) => a.subject.kind === 'pipeline');

  it('tickets on runtime errors and holds the watermark delay to the input group RTO', () => {
    expect(pipeline.map((a) => [a.id, a.severity, a.threshold])).toEqual([
      ['plant-telemetry-runtime-errors', 'ticket', 0],
      // RTO 5m minus Azure's 4m detection delay: the page arrives before the RTO is spent
      ['plant-telemetry-watermark-page', 'page', 60],
    ]);
    expect(pipeline[1].metric).toMatchObject({
      kind: 'azure-monitor',
      name: 'OutputWatermarkDelaySeconds',
      resource: expect.objectContaining({ type: 'Microsoft.StreamAnalytics/streamingjobs', name: 'automotive-weu-plant-telemetry' }),
    });
  });
});
