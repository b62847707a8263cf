import { baseEnv } from '../../helpers';

/** baseEnv plus a hub topic to mirror down and one fleet; sites and defaults overridable. */
export function fleetEnv(
  sites: Array<Record<string, unknown>> = [{ id: 'oasis' }],
  defaults: Record<string, unknown> = {},
): Record<string, any> {
  const env = baseEnv();
  env.clusters[0].clientAuth = ['iam', 'scram'];
  env.topics.push({ name: 'global-inventory', cluster: 'main', partitions: 6 });
  env.edgeFleets = [
    {
      id: 'ships',
      hub: 'main',
      hubBootstrap: 'kafka.hub.example.internal:9096',
      defaults: { nodes: 3, offlineWindow: '72h', uplinkMbps: 50, ingressMBps: 0.5, ...defaults },
      topics: [
        { name: 'sales', direction: 'up', partitions: 6 },
        { name: 'pos.journal', direction: 'local', partitions: 3 },
        { name: 'global-inventory', direction: 'down', partitions: 6 },
      ],
      sites,
    },
  ];
  // Single-node kiosks hold one replica by design; the policy wants that said per site.
  const kiosks = sites.filter((x) => x.nodes === 1 || (x.nodes === undefined && defaults.nodes === 1)).map((x) => x.id as string);
  if (kiosks.length) {
    env.policy = {
      suppressions: kiosks.flatMap((id) =>
        ['KAF-023', 'KAF-024', 'KAF-026'].map((rule) => ({
          rule,
          scope: `test-ships/Sites/${id}`,
          reason: 'single-node kiosk: one replica until pushed to the hub',
        })),
      ),
    };
  }
  return env;
}
