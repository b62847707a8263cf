import { readFileSync } from 'fs';
import { isStatefulType } from '../../constructs/policy/stateful';
import { parseAck, type Acknowledgement } from './address-guard';

/**
 * The plan-level guard: reads `terraform show -json` of one stack's saved plan and
 * fails on any delete or replace of a stateful or link-carrying resource not acknowledged
 * with a reason.
 * The address guard of the review catches renames at synth; this one catches what only
 * Terraform knows: an attribute whose change forces replacement (a transit gateway's
 * ASN, a cluster's subnets, a volume's zone).
 *
 * `node dist/tools/review/plan-guard.js <stack> <plan.json> [--ack <stack>/<address>=<reason>]...`
 * Exit codes: 0 nothing stateful is lost, 1 bad input, 2 a stateful resource would be deleted or replaced.
 */
export interface PlanChange {
  readonly address: string;
  readonly type: string;
  readonly actions: readonly string[];
}

/** resource_changes of a JSON plan (https://developer.hashicorp.com/terraform/internals/json-format#change-representation). */
export function planChanges(json: unknown): PlanChange[] {
  const changes = (json as { resource_changes?: Array<{ address: string; type: string; change?: { actions?: string[] } }> })
    .resource_changes;
  return (changes ?? []).map((c) => ({ address: c.address, type: c.type, actions: c.change?.actions ?? [] }));
}

/**
 * Resources that hold no data but carry live links: replacing one re-keys or re-addresses
 * tunnels and BGP sessions on both ends, so every peer drops until it is re-configured.
 * Each forces replacement on changes the product makes from allocations (ASNs, inside
 * ranges, peer addresses): `amazon_side_asn` of aws_ec2_transit_gateway and `bgp_asn` of
 * aws_customer_gateway are ForceNew in the AWS provider; `bgp_settings.asn` of
 * azurerm_virtual_network_gateway and `bgp.asn` of google_compute_router likewise
 * (Terraform Registry pages of each resource, "Argument Reference").
 */
export const LINK_TYPES: ReadonlySet<string> = new Set([
  'aws_ec2_transit_gateway',
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_customer_gateway',
  'aws_vpn_connection',
  'aws_vpc_peering_connection',
  'aws_vpc_peering_connection_accepter',
  'azurerm_virtual_network_gateway',
  'azurerm_virtual_network_gateway_connection',
  'azurerm_local_network_gateway',
  'google_compute_router',
  'google_compute_router_interface',
  'google_compute_router_peer',
  'google_compute_ha_vpn_gateway',
  'google_compute_external_vpn_gateway',
  'google_compute_vpn_tunnel',
]);

/** Deletes and replaces (actions containing "delete") of stateful and link-carrying resources, and which acknowledgement covers each. */
export function guardPlan(
  stack: string,
  changes: readonly PlanChange[],
  acks: readonly Acknowledgement[],
): Array<{ address: string; kind: 'delete' | 'replace'; ack?: Acknowledgement }> {
  return changes
    .filter((c) => (isStatefulType(c.type) || LINK_TYPES.has(c.type)) && c.actions.includes('delete'))
    .map((c) => ({
      address: c.address,
      kind: c.actions.includes('create') ? ('replace' as const) : ('delete' as const),
      ack: acks.find((a) => a.target === `${stack}/${c.address}` || a.target === c.address),
    }));
}

export function planGuardCommand(argv: readonly string[], log: (line: string) => void): number {
  const acks: Acknowledgement[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--ack') {
      rest.push(argv[i]);
      continue;
    }
    const a = parseAck(argv[++i] ?? '');
    if (typeof a === 'string') {
      log(`error: ${a}`);
      return 1;
    }
    acks.push(a);
  }
  if (rest.length !== 2) {
    log('usage: plan-guard <stack> <plan.json> [--ack <stack>/<address>=<reason>]...');
    return 1;
  }
  const [stack, file] = rest;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    log(`error: ${file} is not a JSON plan (terraform show -json tfplan): ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const found = guardPlan(stack, planChanges(json), acks);
  for (const f of found)
    log(
      f.ack
        ? `acknowledged: ${stack}/${f.address} would be ${f.kind === 'replace' ? 'replaced' : 'deleted'}: ${f.ack.reason}`
        : `DANGER: ${stack}/${f.address} would be ${f.kind === 'replace' ? 'replaced' : 'deleted'}; fix the change, or add "review-ack: ${stack}/${f.address}=<why>" to the pull request.`,
    );
  return found.some((f) => !f.ack) ? 2 : 0;
}

if (require.main === module) {
  process.exitCode = planGuardCommand(process.argv.slice(2), (l) => console.log(l));
}
