import { App, Testing, type TerraformStack } from 'cdktf';
import { stringify } from 'yaml';
import { parseEnvironmentText } from '../constructs/model/environment-file';
import type { Environment } from '../constructs/model/schema';
import type { Problem } from '../constructs/model/problems';
import { ESTATE_CHECKS } from '../stacks/checks';
import { buildEstate } from '../stacks/estate';
import { planEstate } from '../constructs/analysis/plan';

/** A small valid environment as plain data; tests mutate copies of it. */
export function baseEnv(): Record<string, any> {
  return {
    name: 'test',
    stage: 'dev',
    owner: 'platform',
    alerts: { page: { email: ['oncall@example.com'] } },
    sites: [{ id: 'fra', cloud: 'aws', region: 'eu-central-1', role: 'primary', cidr: '10.0.0.0/16' }],
    clusters: [{ id: 'main', kind: 'msk', sites: ['fra'], brokers: 3, instanceType: 'kafka.m5.large' }],
    topicGroups: [{ id: 'orders', scope: 'zone', rpo: '0s', rto: '5m' }],
    topics: [{ name: 'orders', cluster: 'main', partitions: 6, group: 'orders' }],
  };
}

/** Validates data as the synth does (YAML text, ESTATE_CHECKS) and returns the problems, warnings included. */
export function problemsOf(data: unknown, file = 'test.yaml'): Problem[] {
  const text = typeof data === 'string' ? data : stringify(data);
  return parseEnvironmentText(text, file, ESTATE_CHECKS).problems;
}

/** Parses data that must be valid; fails the test with the problems otherwise. */
export function envOf(data: unknown): Environment {
  const text = typeof data === 'string' ? data : stringify(data);
  const r = parseEnvironmentText(text, 'test.yaml', ESTATE_CHECKS);
  if (!r.env) throw new Error(`expected a valid environment, got:\n${r.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return r.env;
}

/** Builds every stack of an environment into one test App. */
export function estateStacks(env: Environment): Map<string, TerraformStack> {
  const app = Testing.app();
  return new Map(buildEstate(app as App, planEstate(env)).map((s) => [s.node.id, s]));
}

/** Synthesizes one stack with construct validations on, parsed for inspection. */
export function synthJson(stack: TerraformStack): { synth: string; json: any } {
  const synth = Testing.synth(stack, true);
  return { synth, json: JSON.parse(synth) };
}
