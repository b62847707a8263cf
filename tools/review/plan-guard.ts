import { readFileSync } from 'fs';
import { isStatefulType } from '../../constructs/policy/stateful';
import { parseAck, type Acknowledgement } from './address-guard';

/**
 * The plan-level guard: reads `terraform show -json` of one stack's saved plan and
 * fails on any delete or replace of a stateful resource not acknowledged with a reason.
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

/** Stateful deletes and replaces (actions containing "delete"), and which acknowledgement covers each. */
export function guardPlan(
  stack: string,
  changes: readonly PlanChange[],
  acks: readonly Acknowledgement[],
): Array<{ address: string; kind: 'delete' | 'replace'; ack?: Acknowledgement }> {
  return changes
    .filter((c) => isStatefulType(c.type) && c.actions.includes('delete'))
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
