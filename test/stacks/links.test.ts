import { VpnConnection } from '@cdktf/provider-aws/lib/vpn-connection';
import { VirtualNetworkGatewayConnection } from '@cdktf/provider-azurerm/lib/virtual-network-gateway-connection';
import { ComputeRouterPeer } from '@cdktf/provider-google/lib/compute-router-peer';
import { ComputeVpnTunnel } from '@cdktf/provider-google/lib/compute-vpn-tunnel';
import { App, Testing } from 'cdktf';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseEnvironmentText } from '../../constructs/model/environment-file';
import { ESTATE_CHECKS } from '../../stacks/checks';
import { linkDeployOrder } from '../../constructs/analysis/links';
import type { Environment } from '../../constructs/model/schema';
import { RenderedFile } from '../../constructs/rendered-file';
import { buildEstate } from '../../stacks/estate';
import { planEstate } from '../../constructs/analysis/plan';

const ENVIRONMENTS = join(__dirname, '..', '..', 'environments');
const text = (file: string) => readFileSync(join(ENVIRONMENTS, file), 'utf8');

function envOf(file: string): Environment {
  const r = parseEnvironmentText(text(file), file, ESTATE_CHECKS);
  if (!r.env) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.env;
}

/** Synthesizes a whole estate once (cross-stack references need the full app). */
function synthEstate(env: Environment) {
  const app = Testing.app();
  const stacks = buildEstate(app as App, planEstate(env));
  app.synth();
  const read = (id: string) => readFileSync(join(app.outdir, 'stacks', id, 'cdk.tf.json'), 'utf8');
  return { ids: stacks.map((s) => s.node.id), read, files: RenderedFile.all(app).map((f) => f.path), stacks };
}

describe('reference estates hold every VPN flavour', () => {
  const pubsecEnv = envOf('public-sector.yaml');
  const pubsec = synthEstate(pubsecEnv);
  const retail = synthEstate(envOf('retail.yaml'));

  it('renders exactly the plan: its stacks in plan order, and after synthesis each stack depends on what the plan says and nothing else', () => {
    for (const [env, built] of [
      [pubsecEnv, pubsec],
      [envOf('retail.yaml'), retail],
    ] as const) {
      const plan = planEstate(env);
      expect(built.ids).toEqual(plan.stacks.map((s) => s.id));
      for (const s of built.stacks) {
        // Cross-stack references (link ends) add dependencies at synth: every one of them must be planned.
        expect(s.dependencies.map((d) => d.node.id).sort()).toEqual(
          plan.stacks
            .find((p) => p.id === s.node.id)!
            .dependsOn.map((d) => d.stack)
            .sort(),
        );
      }
    }
  });

  it('public-sector joins its AWS, Azure and Google hubs: AWS VPN connections, Azure connections, HA VPN tunnels with BGP peers', () => {
    expect(pubsec.ids).toEqual(expect.arrayContaining(['pubsec-hub-aws-links', 'pubsec-hub-azure-links', 'pubsec-hub-gcp-links']));
    expect(pubsec.read('pubsec-hub-aws-links')).toHaveResourceWithProperties(VpnConnection, {
      tunnel1_ike_versions: ['ikev2'],
      static_routes_only: false,
    });
    expect(pubsec.read('pubsec-hub-azure-links')).toHaveResourceWithProperties(VirtualNetworkGatewayConnection, {
      connection_protocol: 'IKEv2',
      enable_bgp: true,
    });
    expect(pubsec.read('pubsec-hub-gcp-links')).toHaveResourceWithProperties(ComputeVpnTunnel, { ike_version: 2 });
    expect(pubsec.read('pubsec-hub-gcp-links')).toHaveResourceWithProperties(ComputeRouterPeer, { peer_asn: 64800 });
    expect(pubsec.read('pubsec-hub-gcp-links')).toHaveResourceWithProperties(ComputeRouterPeer, { peer_asn: 65010 });
  });

  it('applies the AWS end of public-sector before the Azure and Google ends that read its tunnel addresses', () => {
    const byId = new Map(pubsec.stacks.map((s) => [s.node.id, s]));
    const deps = (id: string) => byId.get(id)!.dependencies.map((d) => d.node.id);
    expect(deps('pubsec-hub-gcp-links')).toEqual(
      expect.arrayContaining(['pubsec-hub-aws-links', 'pubsec-hub-azure-links', 'pubsec-hub-gcp']),
    );
    expect(deps('pubsec-hub-azure-links')).toEqual(expect.arrayContaining(['pubsec-hub-aws-links', 'pubsec-hub-gcp']));
    expect(deps('pubsec-hub-aws-links')).not.toContain('pubsec-hub-azure-links');
    expect(linkDeployOrder(pubsecEnv)).toContainEqual(
      expect.objectContaining({ before: 'pubsec-hub-aws-links', after: 'pubsec-hub-gcp-links', link: 'aws-gcp' }),
    );
  });

  it('retail links its Google hub to the stores over HA VPN and renders each store router configuration', () => {
    expect(retail.read('retail-hub')).toHaveResourceWithProperties(ComputeRouterPeer, { peer_asn: 65101 });
    expect(retail.read('retail-hub')).toHaveResourceWithProperties(ComputeRouterPeer, { peer_asn: 65102 });
    expect(retail.files).toEqual(expect.arrayContaining(['links/retail/store-mia.md', 'links/retail/store-orl.md']));
  });
});

describe('an estate with a broken link is rejected with a clear message', () => {
  const problems = (edit: (s: string) => string) =>
    parseEnvironmentText(edit(text('public-sector.yaml')), 'public-sector.yaml', ESTATE_CHECKS).problems.map(
      (p) => `${p.path}: ${p.message}`,
    );

  it('rejects a duplicated ASN', () => {
    expect(problems((s) => s.replace('asn: { hub-gcp: 65020 }', 'asn: { hub-gcp: 64800 }'))).toContainEqual(
      'links[1].asn.hub-gcp: ASN 64800 of site "hub-gcp" is already the ASN of site "hub-aws" (links[0].asn.hub-aws).',
    );
  });

  it('rejects linked sites with overlapping CIDRs', () => {
    expect(problems((s) => s.replace('cidr: 10.202.0.0/16', 'cidr: 10.200.128.0/17'))).toContainEqual(
      expect.stringContaining(
        'site "hub-gcp" (10.200.128.0/17) and site "hub-aws" (10.200.0.0/16) are joined by a link and their address spaces overlap',
      ),
    );
  });
});
