import { fail, list, worst, type PolicyRule, type Verdict } from '../rule';

function awsTunnel(config: Readonly<Record<string, unknown>>, n: 1 | 2): Verdict {
  const versions = list(config[`tunnel${n}_ike_versions`]).map(String);
  if (versions.length === 0) return fail(`tunnel${n}_ike_versions is not set (AWS accepts ikev1 and ikev2).`);
  return versions.every((v) => v === 'ikev2') ? 'compliant' : fail(`tunnel${n}_ike_versions is [${versions.join(', ')}].`);
}

export const KAF029: PolicyRule = {
  id: 'KAF-029',
  title: 'Site-to-site VPNs negotiate IKEv2 only',
  why: "IKEv1 aggressive mode leaks a hash of the pre-shared key and lacks IKEv2's protections; edge and hybrid replication runs over these tunnels.",
  fix: 'AWS: tunnelN_ike_versions = ["ikev2"]; Azure: connection_protocol = "IKEv2"; Google: ike_version = 2.',
  severity: 'error',
  controls: ['NIST 800-53 SC-8', 'NIST 800-53 SC-13', 'ISO 27001 A.8.24', 'PCI DSS 4.0 4.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_vpn_connection', 'azurerm_virtual_network_gateway_connection', 'google_compute_vpn_tunnel'],
  check: (r) => {
    switch (r.type) {
      case 'aws_vpn_connection':
        return worst([awsTunnel(r.config, 1), awsTunnel(r.config, 2)]);
      case 'azurerm_virtual_network_gateway_connection': {
        if (r.config.type !== 'IPsec') return 'not-applicable';
        const p = r.config.connection_protocol;
        return p === undefined || p === 'IKEv2' ? 'compliant' : fail(`connection_protocol is ${JSON.stringify(p)}.`);
      }
      case 'google_compute_vpn_tunnel': {
        const v = r.config.ike_version;
        return v === undefined || Number(v) === 2 ? 'compliant' : fail(`ike_version is ${String(v)}.`);
      }
      default:
        return 'not-applicable';
    }
  },
};
