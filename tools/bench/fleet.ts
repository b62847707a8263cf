import { stringify } from 'yaml';

/**
 * A generated estate of `sites` sites, for measuring how synth cost grows with a fleet.
 * Until edge fleets exist this is a fleet of small single-region AWS sites, one MSK
 * cluster each, which exercises the same per-site stack path.
 */
export function fleetEnvironmentYaml(sites: number): string {
  const list = Array.from({ length: sites }, (_, i) => ({
    id: `s${String(i).padStart(4, '0')}`,
    cloud: 'aws',
    region: 'eu-central-1',
    role: 'primary',
    cidr: `10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`,
  }));
  return stringify({
    name: 'fleet',
    stage: 'dev',
    owner: 'bench',
    sites: list,
    clusters: list.map((s) => ({ id: `k${s.id}`, kind: 'msk', sites: [s.id], brokers: 3, instanceType: 'kafka.t3.small' })),
    topics: list.map((s) => ({ name: 'telemetry', cluster: `k${s.id}`, partitions: 3 })),
  });
}
