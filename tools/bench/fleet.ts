import { stringify } from 'yaml';
import { msk } from '../../constructs/kinds/msk/model';

/**
 * A generated edge estate of `sites` sites for the synth benchmark: one AWS hub (MSK)
 * and one fleet whose sites are data — fleet defaults, with every 10th site a
 * single-node kiosk and every 7th with its own ingress and uplink, the way a real
 * inventory has exceptions. `npm run fixture:fleet` writes the 1,000-site file to
 * test/fixtures/edge-fleet-1000.yaml.
 */
export function fleetEnvironmentYaml(sites: number): string {
  const list = Array.from({ length: sites }, (_, i) => {
    const site: Record<string, unknown> = { id: `s${String(i).padStart(4, '0')}`, location: `site ${i}` };
    if (i % 10 === 9) Object.assign(site, { nodes: 1, ingressMBps: 0.02 });
    if (i % 7 === 6) Object.assign(site, { ingressMBps: 0.3, uplinkMbps: 20 });
    return site;
  });
  const kiosks = list.filter((s) => s.nodes === 1).map((s) => s.id as string);
  return stringify({
    name: 'fleet',
    stage: 'dev',
    owner: 'bench',
    sites: [{ id: 'hub', cloud: 'aws', region: 'eu-central-1', role: 'primary', cidr: '10.0.0.0/16' }],
    clusters: [
      {
        id: 'hub',
        kind: msk.kind,
        sites: ['hub'],
        brokers: 6,
        instanceType: 'kafka.m7g.xlarge',
        storageGiB: 2000,
        clientAuth: ['iam', 'scram'],
      },
    ],
    topics: [{ name: 'prices', cluster: 'hub', partitions: 12 }],
    edgeFleets: [
      {
        id: 'stores',
        hub: 'hub',
        hubBootstrap: 'kafka.hub.fleet.internal:9096',
        defaults: { nodes: 3, offlineWindow: '72h', uplinkMbps: 50, ingressMBps: 0.1, delivery: 'pull' },
        topics: [
          { name: 'sales', direction: 'up', partitions: 6 },
          { name: 'telemetry', direction: 'up', partitions: 3 },
          { name: 'pos-journal', direction: 'local', partitions: 3 },
          { name: 'prices', direction: 'down', partitions: 12 },
        ],
        sites: list,
      },
    ],
    // Single-node kiosks hold one replica by design; each waiver names its site.
    policy: {
      suppressions: kiosks.flatMap((id) =>
        ['KAF-023', 'KAF-024', 'KAF-026'].map((rule) => ({
          rule,
          scope: `fleet-stores/Sites/${id}`,
          reason: 'single-node kiosk: one replica until pushed to the hub',
        })),
      ),
    },
  });
}
