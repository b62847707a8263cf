import { fail, get, list, worst, type PolicyRule, type Verdict } from '../rule';

const AWS_STRONG = {
  encryption_algorithms: ['AES256', 'AES256-GCM-16'],
  integrity_algorithms: ['SHA2-256', 'SHA2-384', 'SHA2-512'],
  dh_group_numbers: ['14', '15', '16', '17', '18', '19', '20', '21'],
};

const AZURE_STRONG: Record<string, string[]> = {
  ike_encryption: ['AES256', 'GCMAES256'],
  ike_integrity: ['SHA256', 'SHA384', 'GCMAES256'],
  dh_group: ['DHGroup14', 'DHGroup2048', 'ECP256', 'ECP384'],
  ipsec_encryption: ['AES256', 'GCMAES256'],
  ipsec_integrity: ['SHA256', 'GCMAES256'],
  pfs_group: ['PFS14', 'PFS2048', 'ECP256', 'ECP384'],
};

function awsTunnel(config: Readonly<Record<string, unknown>>, n: 1 | 2): Verdict[] {
  const out: Verdict[] = [];
  for (const phase of [1, 2]) {
    for (const [suffix, strong] of Object.entries(AWS_STRONG)) {
      const key = `tunnel${n}_phase${phase}_${suffix}`;
      const values = list(config[key]).map(String);
      if (values.length === 0) out.push(fail(`${key} is not set (AWS then offers weak defaults such as SHA1 and DH group 2).`));
      else {
        const weak = values.filter((v) => !strong.includes(v));
        out.push(weak.length === 0 ? 'compliant' : fail(`${key} allows ${weak.join(', ')}.`));
      }
    }
  }
  return out;
}

export const KAF030: PolicyRule = {
  id: 'KAF-030',
  title: 'Site-to-site VPNs allow only strong IPsec ciphers',
  why: 'Provider defaults still offer SHA1, DES/3DES and small Diffie-Hellman groups; a peer that negotiates down weakens every replicated record on the link.',
  fix: 'AWS: set tunnelN_phase1/phase2 encryption (AES256, AES256-GCM-16), integrity (SHA2-256/384/512) and DH groups (14-21); Azure: an ipsec_policy with AES256/GCMAES256, SHA256/SHA384, DHGroup14/ECP256/ECP384 and PFS2048/ECP256/ECP384. Google Cloud VPN offers no cipher setting in this provider version: its peer side (the rendered on-premises config) pins the ciphers.',
  severity: 'error',
  controls: ['NIST 800-53 SC-13', 'ISO 27001 A.8.24', 'PCI DSS 4.0 4.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_vpn_connection', 'azurerm_virtual_network_gateway_connection'],
  check: (r) => {
    if (r.type === 'aws_vpn_connection') return worst([...awsTunnel(r.config, 1), ...awsTunnel(r.config, 2)]);
    if (r.type === 'azurerm_virtual_network_gateway_connection') {
      if (r.config.type !== 'IPsec') return 'not-applicable';
      const policy = get(r.config, 'ipsec_policy');
      if (policy === undefined)
        return fail('ipsec_policy is not set (Azure then accepts its default proposals, including SHA1 and DHGroup2).');
      return worst(
        Object.entries(AZURE_STRONG).map(([k, strong]) => {
          const v = get(policy, k);
          return typeof v === 'string' && strong.includes(v)
            ? 'compliant'
            : fail(`ipsec_policy.${k} is ${v === undefined ? 'not set' : v}.`);
        }),
      );
    }
    return 'not-applicable';
  },
};
