import { fail, get, isExpression, list, undecidable, worst, type PolicyRule, type Verdict } from '../rule';

const ANYWHERE = ['0.0.0.0/0', '::/0', '*', 'internet', 'any'];
const isAnywhere = (v: unknown) => typeof v === 'string' && ANYWHERE.includes(v.toLowerCase());

/** A network's own address range (`${aws_vpc.x.cidr_block}`, a subnet's prefix): never 0.0.0.0/0. */
const NETWORK_RANGE =
  /^\$\{(aws_vpc|aws_subnet|azurerm_virtual_network|azurerm_subnet|google_compute_subnetwork)\.[^.}]+\.(cidr_block|ipv6_cidr_block|address_space|address_prefixes|ip_cidr_range)(\[\d+\])?\}$/;

function sources(where: string, values: unknown[]): Verdict {
  const open = values.filter(isAnywhere);
  if (open.length > 0) return fail(`${where} admits ${open.map(String).join(', ')}.`);
  const computed = values.filter((v) => isExpression(v) && !NETWORK_RANGE.test(v));
  return computed.length > 0
    ? undecidable(`${where} is computed at apply time (${computed.map(String).join(', ')}), so an open range cannot be ruled out.`)
    : 'compliant';
}

function azureRule(rule: unknown, where: string): Verdict {
  if (String(get(rule, 'direction') ?? '').toLowerCase() !== 'inbound') return 'compliant';
  if (String(get(rule, 'access') ?? '').toLowerCase() === 'deny') return 'compliant';
  return sources(where, [get(rule, 'source_address_prefix'), ...list(get(rule, 'source_address_prefixes'))]);
}

export const KAF015: PolicyRule = {
  id: 'KAF-015',
  title: 'No ingress from 0.0.0.0/0',
  why: 'Brokers, controllers and connectors only serve declared client networks; an any-source rule turns a single misconfiguration into an internet exposure.',
  fix: 'name the client networks (sites[].clientCidrs) or the peer site CIDRs instead of 0.0.0.0/0, ::/0, * or Internet.',
  severity: 'error',
  scanners: [
    {
      scanner: 'trivy',
      id: 'AVD-AWS-0107',
      relation: 'extends',
      source: 'aquasecurity/trivy-checks/checks/cloud/aws/ec2/no_public_ingress_sgr.rego',
    },
  ],
  controls: ['CIS AWS 1.2 4.1', 'CIS AWS 1.2 4.2', 'NIST 800-53 SC-7', 'ISO 27001 A.8.20', 'PCI DSS 4.0 1.3.1', 'DORA Art. 9'],
  appliesTo: [
    'aws_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
    'azurerm_network_security_rule',
    'azurerm_network_security_group',
    'google_compute_firewall',
  ],
  check: (r) => {
    switch (r.type) {
      case 'aws_security_group':
        return worst(
          list(r.config.ingress)
            .map((g, i) => sources(`ingress[${i}]`, [...list(get(g, 'cidr_blocks')), ...list(get(g, 'ipv6_cidr_blocks'))]))
            .concat(['compliant']),
        );
      case 'aws_security_group_rule':
        return r.config.type === 'ingress'
          ? sources('cidr_blocks', [...list(r.config.cidr_blocks), ...list(r.config.ipv6_cidr_blocks)])
          : 'not-applicable';
      case 'aws_vpc_security_group_ingress_rule':
        return sources('cidr', [r.config.cidr_ipv4, r.config.cidr_ipv6]);
      case 'azurerm_network_security_rule':
        return azureRule(r.config, 'source_address_prefix');
      case 'azurerm_network_security_group':
        return worst(
          list(r.config.security_rule)
            .map((s, i) => azureRule(s, `security_rule[${i}]`))
            .concat(['compliant']),
        );
      case 'google_compute_firewall': {
        if (String(r.config.direction ?? 'INGRESS').toUpperCase() !== 'INGRESS' || r.config.deny !== undefined) return 'not-applicable';
        return sources('source_ranges', list(r.config.source_ranges));
      }
      default:
        return 'not-applicable';
    }
  },
};
