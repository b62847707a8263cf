import { fail, isExpression, worst, type PolicyRule, type Verdict } from '../rule';

function generated(v: unknown, key: string, absentIsGenerated: boolean): Verdict {
  if (v === undefined) return absentIsGenerated ? 'compliant' : fail(`${key} is not set.`);
  // A reference (random_password, a secret store) is generated; a literal lives in the code and the plan history.
  return isExpression(v) ? 'compliant' : fail(`${key} is a literal string written in the code.`);
}

export const KAF031: PolicyRule = {
  id: 'KAF-031',
  title: 'VPN pre-shared keys are generated, never written in code',
  why: 'A pre-shared key in source control or an environment file is known to everyone who can read the repository, forever.',
  fix: 'reference a random_password (or a secret manager value) for tunnel pre-shared keys, or omit AWS tunnel keys so AWS generates them.',
  severity: 'error',
  controls: ['NIST 800-53 IA-5', 'ISO 27001 A.5.17', 'PCI DSS 4.0 8.3.2', 'DORA Art. 9'],
  appliesTo: ['aws_vpn_connection', 'azurerm_virtual_network_gateway_connection', 'google_compute_vpn_tunnel'],
  check: (r) => {
    switch (r.type) {
      case 'aws_vpn_connection':
        return worst([
          generated(r.config.tunnel1_preshared_key, 'tunnel1_preshared_key', true),
          generated(r.config.tunnel2_preshared_key, 'tunnel2_preshared_key', true),
        ]);
      case 'azurerm_virtual_network_gateway_connection':
        return r.config.type === 'IPsec' ? generated(r.config.shared_key, 'shared_key', false) : 'not-applicable';
      case 'google_compute_vpn_tunnel':
        return generated(r.config.shared_secret, 'shared_secret', false);
      default:
        return 'not-applicable';
    }
  },
};
