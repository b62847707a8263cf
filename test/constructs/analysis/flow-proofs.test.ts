import { READ_BEFORE_INDEX, unprovenFlows, type Flow, type SynthesizedStacks } from '../../../constructs/analysis/flows';
import { built, outside, type FlowProof } from '../../../constructs/analysis/flow-types';

/** A fleet-like stack: one SCRAM secret and one ACL per site, as the edge flows prove them. */
function fleetStacks(sites: number): SynthesizedStacks {
  const secrets: Record<string, object> = {};
  const acls: Record<string, object> = {};
  for (let i = 0; i < sites; i++) {
    const site = `s${String(i).padStart(4, '0')}`;
    secrets[`Sites_${site}_Secret`] = { name: `AmazonMSK_fleet-stores-${site}`, description: `SCRAM user of edge site ${site}` };
    acls[`Acl_${site}`] = { acl_principal: `User:edge-${site}`, acl_operation: 'Write', resource_name: `${site}.` };
  }
  return new Map([['fleet-stores', { resource: { aws_secretsmanager_secret: secrets, kafka_acl: acls } }]]);
}

const flow = (id: string, ...proof: FlowProof[]): Flow => ({
  id,
  when: 'run',
  path: `edgeFleets[0].sites[${id}]`,
  parts: {
    network: outside('uplink', 'the site'),
    name: outside('hub address', 'the resolver'),
    identity: built('secret', ...proof),
    authorization: outside('acls', 'the operator'),
    trust: outside('pki', 'the operator'),
  },
});

/** The check as it was: every block of the type serialized and searched for every proof. */
function naive(stacks: SynthesizedStacks, proof: FlowProof): boolean {
  const json = stacks.get(proof.stack) as Record<string, Record<string, Record<string, unknown>>> | undefined;
  const blocks = json?.resource?.[proof.type];
  return !!blocks && Object.values(blocks).some((b) => proof.holds.every((h) => JSON.stringify(b).includes(h)));
}

describe('proof that flows are in the output', () => {
  const stacks = fleetStacks(200);
  const proofs: FlowProof[] = [
    { stack: 'fleet-stores', type: 'aws_secretsmanager_secret', holds: ['s0150'] },
    { stack: 'fleet-stores', type: 'aws_secretsmanager_secret', holds: ['s0150', 'edge site s0150'] },
    // Both texts exist, in two different blocks: not a proof.
    { stack: 'fleet-stores', type: 'aws_secretsmanager_secret', holds: ['fleet-stores-s0001', 'edge site s0002'] },
    { stack: 'fleet-stores', type: 'aws_secretsmanager_secret', holds: ['s9999'] },
    { stack: 'fleet-stores', type: 'kafka_acl', holds: ['"acl_principal":"User:edge-s0199"'] },
    { stack: 'fleet-stores', type: 'kafka_acl', holds: ['"acl_principal":"User:edge-s0200"'] },
    // Shorter than the index's substrings: every block is read.
    { stack: 'fleet-stores', type: 'kafka_acl', holds: ['s0'] },
    { stack: 'fleet-stores', type: 'kafka_acl', holds: ['zz'] },
    { stack: 'fleet-stores', type: 'kafka_acl', holds: [] },
    { stack: 'fleet-stores', type: 'aws_msk_cluster', holds: [] },
    { stack: 'elsewhere', type: 'kafka_acl', holds: [] },
  ];

  it.each(proofs.map((p) => [p.holds.join(' + ') || '(nothing)', p.type, p]))(
    '%s in %s: the same answer as reading every block',
    (_h, _t, p) => {
      const problems = unprovenFlows([flow('f', p)], stacks);
      expect(problems.length === 0).toBe(naive(stacks, p));
    },
  );

  // A group is indexed once it was asked more than READ_BEFORE_INDEX proofs: the same answers then.
  it.each(proofs.map((p) => [p.holds.join(' + ') || '(nothing)', p.type, p]))(
    '%s in %s: the same answer once the blocks are indexed',
    (_h, _t, p) => {
      const held = p.type === 'kafka_acl' ? 'User:edge-s0000' : 'fleet-stores-s0000';
      const before = Array.from({ length: READ_BEFORE_INDEX + 1 }, (_, i) => flow(`w${i}`, { ...p, holds: [held] }));
      const problems = unprovenFlows([...before, flow('f', p)], stacks).filter((x) => x.path === flow('f', p).path);
      expect(problems.length === 0).toBe(naive(stacks, p));
    },
  );

  it('names the flow and the missing block', () => {
    expect(unprovenFlows([flow('edge s9999 -> hub', proofs[3])], stacks, 'fleet.yaml')).toEqual([
      expect.objectContaining({
        file: 'fleet.yaml',
        message: expect.stringContaining('stack fleet-stores has no aws_secretsmanager_secret holding s9999'),
      }),
    ]);
  });

  // Linear, not quadratic: one proof per site against one block per site serializes each
  // block once and searches a bounded number of blocks per proof, at 500 sites as at 2,000.
  it.each([500, 2000])('%d sites: each block serialized once, a few blocks searched per proof', (sites) => {
    const big = fleetStacks(sites);
    const flows = Array.from({ length: sites }, (_, i) => {
      const site = `s${String(i).padStart(4, '0')}`;
      return flow(
        site,
        { stack: 'fleet-stores', type: 'aws_secretsmanager_secret', holds: [site] },
        { stack: 'fleet-stores', type: 'kafka_acl', holds: [`"acl_principal":"User:edge-${site}"`] },
      );
    });
    const stringify = jest.spyOn(JSON, 'stringify');
    const includes = jest.spyOn(String.prototype, 'includes');
    try {
      expect(unprovenFlows(flows, big)).toEqual([]);
      expect(stringify).toHaveBeenCalledTimes(2 * sites);
      expect(includes.mock.calls.length).toBeLessThanOrEqual(10 * flows.length);
    } finally {
      stringify.mockRestore();
      includes.mockRestore();
    }
  });
});
