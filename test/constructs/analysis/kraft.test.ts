import { readFileSync } from 'fs';
import { join } from 'path';
import { parseEnvironmentText } from '../../../constructs/model/environment-file';
import { ENVIRONMENT_CHECKS } from '../../../constructs/analysis/validate';
import {
  clientBootstrap,
  kraftClusterId,
  kraftNodes,
  nodeServerProperties,
  peerCidrs,
  peeringPairs,
  quorumVoters,
  siteSubnets,
} from '../../../constructs/analysis/kraft';
import type { Environment } from '../../../constructs/model/schema';

const banking = parseEnvironmentText(
  readFileSync(join(__dirname, '../../../environments/banking.yaml'), 'utf8'),
  'banking.yaml',
  ENVIRONMENT_CHECKS,
).env as Environment;
const core = banking.clusters.find((c) => c.id === 'core')!;
const nodes = kraftNodes(banking, core);

describe('KRaft node plan', () => {
  it('plans one controller and three brokers per site with stable ids, zones and addresses', () => {
    expect(nodes.filter((n) => n.site === 'fra').map((n) => [n.nodeId, n.role, n.zone, n.address, n.dns])).toEqual([
      [1, 'controller', 0, '10.10.0.10', 'fra-c0.core.banking.kafka.internal'],
      [100, 'broker', 0, '10.10.0.40', 'fra-b0.core.banking.kafka.internal'],
      [101, 'broker', 1, '10.10.16.40', 'fra-b1.core.banking.kafka.internal'],
      [102, 'broker', 2, '10.10.32.40', 'fra-b2.core.banking.kafka.internal'],
    ]);
    expect(nodes).toHaveLength(12);
    expect(new Set(nodes.map((n) => n.nodeId)).size).toBe(12);
    expect(new Set(nodes.map((n) => n.address)).size).toBe(12);
  });

  it('lists every controller of every site as a voter', () => {
    expect(quorumVoters(nodes)).toBe(
      '1@fra-c0.core.banking.kafka.internal:9093,1001@par-c0.core.banking.kafka.internal:9093,2001@mil-c0.core.banking.kafka.internal:9093',
    );
  });

  it('bootstraps clients from every broker on the SCRAM listener', () => {
    expect(clientBootstrap(nodes).split(',')).toHaveLength(9);
    expect(clientBootstrap(nodes)).toMatch(/^fra-b0\.core\.banking\.kafka\.internal:9096,/);
  });

  it('keeps a node where it is when a broker is added to a site', () => {
    const grown = kraftNodes(banking, { ...core, brokersPerSite: 4 });
    for (const n of nodes) expect(grown.find((g) => g.nodeId === n.nodeId)).toEqual(n);
  });

  it('cuts the same subnets as KafkaNetwork (prefix + 4, one per zone)', () => {
    expect(siteSubnets('10.10.0.0/16')).toEqual(['10.10.0.0/20', '10.10.16.0/20', '10.10.32.0/20']);
  });

  it('derives one Kafka cluster id for every site', () => {
    expect(kraftClusterId('banking', 'core')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(kraftClusterId('banking', 'core')).toBe(kraftClusterId('banking', 'core'));
    expect(kraftClusterId('banking', 'core')).not.toBe(kraftClusterId('banking', 'edge'));
  });
});

describe('server.properties', () => {
  const broker = nodes.find((n) => n.recordName === 'par-b1')!;
  const props = nodeServerProperties(broker, nodes, { 'num.io.threads': '16', 'min.insync.replicas': '1' });

  it('sets the rack to the site and fetches from the nearest replica', () => {
    expect(props).toMatchObject({
      'broker.rack': 'par',
      'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector',
      'process.roles': 'broker',
      'node.id': '1101',
    });
  });
  it('listens on TLS only: mTLS between nodes, SCRAM over TLS for clients', () => {
    expect(props['listener.security.protocol.map']).toBe('CONTROLLER:SSL,INTERNAL:SSL,CLIENT:SASL_SSL');
    expect(props['advertised.listeners']).toBe(
      'INTERNAL://par-b1.core.banking.kafka.internal:9094,CLIENT://par-b1.core.banking.kafka.internal:9096',
    );
  });
  it('never lets extra settings weaken durability', () => {
    expect(props).toMatchObject({
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'transaction.state.log.min.isr': '2',
      'num.io.threads': '16',
    });
  });
  it('gives controllers the controller role and listener only', () => {
    const c = nodeServerProperties(nodes[0], nodes);
    expect(c).toMatchObject({ 'process.roles': 'controller', listeners: 'CONTROLLER://10.10.0.10:9093' });
    expect(c['broker.rack']).toBeUndefined();
  });
});

describe('network paths', () => {
  it('peers every pair of stretch sites and each of them with the DR site', () => {
    expect(peeringPairs(banking)).toEqual([
      ['fra', 'mil'],
      ['fra', 'par'],
      ['fra', 'sto'],
      ['mil', 'par'],
      ['mil', 'sto'],
      ['par', 'sto'],
    ]);
  });
  it('admits the stretch sites and the DR site to the listeners', () => {
    expect(peerCidrs(banking, core)).toEqual(['10.10.0.0/16', '10.20.0.0/16', '10.30.0.0/16', '10.40.0.0/16']);
  });
});
