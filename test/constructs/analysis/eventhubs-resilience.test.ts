import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';
import { assessEnvironment, evaluateObjectives } from '../../../constructs/analysis/resilience';

function env(region = 'westeurope', extra: Record<string, unknown> = {}): Environment {
  return EnvironmentSchema.parse({
    name: 'auto',
    stage: 'dev',
    owner: 'iiot',
    sites: [
      { id: 'weu', cloud: 'azure', region, cidr: '10.60.0.0/16' },
      { id: 'neu', cloud: 'azure', region: 'northeurope', cidr: '10.61.0.0/16' },
    ],
    clusters: [
      { id: 'iiot', kind: 'event-hubs', sites: ['weu'] },
      { id: 'iiot-dr', kind: 'event-hubs', sites: ['neu'] },
    ],
    topicGroups: [{ id: 'telemetry', rpo: '0s', rto: '5m', scope: 'zone' }],
    topics: [{ name: 'readings', cluster: 'iiot', partitions: 8, group: 'telemetry' }],
    ...extra,
  });
}

describe('Event Hubs resilience', () => {
  it('survives a zone with RPO 0 in a region with zones', () => {
    const zone = assessEnvironment(env()).find((o) => o.scope === 'zone');
    expect(zone).toMatchObject({ rpoSeconds: 0, writesContinue: true, mechanism: 'replicas-across-zones' });
    expect(evaluateObjectives(env())[0].met).toBe(true);
  });
  it('loses everything with a zone in a region without zones', () => {
    const zone = assessEnvironment(env('westcentralus')).find((o) => o.scope === 'zone');
    expect(zone).toMatchObject({ rpoSeconds: Infinity, writesContinue: false, mechanism: 'none' });
    expect(evaluateObjectives(env('westcentralus'))[0].met).toBe(false);
  });
  it('reports geo-DR (replication helper) as metadata only: writes resume, RPO stays unbounded, never lag-bound', () => {
    const e = env('westeurope', { replication: [{ from: 'iiot', to: 'iiot-dr', mode: 'active-passive', topics: ['readings'] }] });
    const site = assessEnvironment(e).find((o) => o.scope === 'site');
    expect(site).toMatchObject({ mechanism: 'metadata-only', rpoSeconds: Infinity, rpoIsLagBound: false, writesContinue: true });
    expect(site?.reason).toMatch(/copies no events/);
  });
  it('does not claim a site RPO for a site-scoped objective even with geo-DR', () => {
    const e = env('westeurope', {
      topicGroups: [{ id: 'telemetry', rpo: '5m', rto: '1h', scope: 'site' }],
      replication: [{ from: 'iiot', to: 'iiot-dr', mode: 'active-passive', topics: ['readings'] }],
    });
    const r = evaluateObjectives(e)[0];
    expect(r.met).toBe(false);
    expect(r.worst?.rpo.mechanism).toBe('metadata-only');
  });
});

describe('MSK Serverless resilience', () => {
  it('uses the fixed RF 3 / minISR 2 whatever the topic model says', () => {
    const e = EnvironmentSchema.parse({
      name: 'auto',
      stage: 'dev',
      owner: 'iiot',
      sites: [{ id: 'fra', cloud: 'aws', region: 'eu-central-1', cidr: '10.0.0.0/16' }],
      clusters: [{ id: 'ingest', kind: 'msk-serverless', sites: ['fra'] }],
      topics: [{ name: 'readings', cluster: 'ingest', partitions: 8, replicationFactor: 2, minInsyncReplicas: 1 }],
    });
    const zone = assessEnvironment(e).find((o) => o.scope === 'zone');
    expect(zone).toMatchObject({ rpoSeconds: 0, writesContinue: true });
  });
});
