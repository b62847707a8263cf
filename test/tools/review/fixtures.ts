import { EnvironmentSchema, type Environment } from '../../../constructs/model/schema';

/**
 * A schema-valid estate over every cloud with an edge fleet and replication, for the
 * review's own tests: it exercises shapes the reference estates may not have yet.
 */
export function hybridFixture(edgeSites = 6, fleetSites = 6): Environment {
  return EnvironmentSchema.parse({
    name: 'shop',
    stage: 'prod',
    owner: 'retail-platform',
    backend: { type: 's3', bucket: 'shop-state', region: 'eu-central-1' },
    sites: [
      { id: 'fra', cloud: 'aws', region: 'eu-central-1', role: 'primary', cidr: '10.10.0.0/16' },
      { id: 'dub', cloud: 'aws', region: 'eu-west-1', role: 'dr', cidr: '10.20.0.0/16' },
      { id: 'weu', cloud: 'azure', region: 'westeurope', role: 'secondary', cidr: '10.30.0.0/16' },
      { id: 'hub', cloud: 'gcp', region: 'europe-west3', role: 'primary', cidr: '10.40.0.0/16' },
      ...Array.from({ length: edgeSites }, (_, i) => ({
        id: `store-${i + 1}`,
        cloud: 'edge',
        region: 'stores',
        role: 'edge',
        cidr: `10.${100 + i}.0.0/16`,
        offlineWindow: '4h',
      })),
    ],
    clusters: [
      { id: 'core', kind: 'msk', sites: ['fra'], brokers: 3 },
      { id: 'copy', kind: 'msk', sites: ['dub'], brokers: 3 },
      { id: 'iot', kind: 'event-hubs', sites: ['weu'] },
      { id: 'central', kind: 'gcp-managed', sites: ['hub'] },
      ...Array.from({ length: edgeSites }, (_, i) => ({ id: `store-${i + 1}`, kind: 'edge', sites: [`store-${i + 1}`] })),
    ],
    topicGroups: [{ id: 'payments', rpo: '0s', rto: '5m', scope: 'zone' }],
    topics: [
      { name: 'payments', cluster: 'core', partitions: 12, group: 'payments' },
      { name: 'sales', cluster: 'store-1', partitions: 3 },
    ],
    edgeFleets: [
      {
        id: 'ships',
        hub: 'core',
        hubBootstrap: 'kafka.fra.shop.internal:9098',
        defaults: { nodes: 3, offlineWindow: '3d', uplinkMbps: 20, ingressMBps: 0.5 },
        topics: [
          { name: 'pos', direction: 'up', partitions: 3 },
          { name: 'prices', direction: 'down', partitions: 3 },
        ],
        sites: Array.from({ length: fleetSites }, (_, i) => ({ id: `ship-${i + 1}`, ...(i === 0 ? { offlineWindow: '7d' } : {}) })),
      },
    ],
    replication: [
      { from: 'core', to: 'copy', mode: 'active-passive', topics: ['payments'], maxLag: '30s' },
      ...Array.from({ length: edgeSites }, (_, i) => ({
        from: `store-${i + 1}`,
        to: 'central',
        mode: 'active-passive',
        topics: ['sales'],
      })),
    ],
  });
}
