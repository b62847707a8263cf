import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { isStatefulType, resourcesOf } from '../../constructs/policy/stateful';
import { envOf, estateStacks, synthJson } from '../helpers';

/**
 * Terraform addresses of dev's stateful resources, pinned. A renamed construct id
 * changes an address and Terraform would destroy and recreate the resource (a Kafka
 * cluster, its key, a topic). If this fails, do not update the list: keep the old id,
 * or add a `moved` block and a release note, then update it.
 */
const PINNED: Record<string, string[]> = {
  'dev-fra': [
    'aws_kms_key.Alerts_Key_D117377E',
    'aws_kms_key.main_Key_DD957CF4',
    'aws_kms_key.Network_FlowLogKey_F785E5F9',
    'aws_msk_cluster.main_7AD10839',
    'aws_msk_configuration.main_Configuration_087A09BD',
  ],
  'dev-fra-topics': ['kafka_topic.main-inventory', 'kafka_topic.main-orders', 'kafka_topic.main-orders-dlq'],
};

describe('dev stateful resource addresses', () => {
  const env = envOf(parse(readFileSync(join(__dirname, '..', '..', 'environments', 'dev.yaml'), 'utf8')));
  const resources = new Map([...estateStacks(env)].map(([id, s]) => [id, resourcesOf(synthJson(s).json)]));

  it.each(Object.keys(PINNED))('%s keeps the addresses of its stateful resources', (id) => {
    const stateful = resources
      .get(id)!
      .filter((r) => isStatefulType(r.type))
      .map((r) => r.address);
    expect(stateful).toEqual(PINNED[id]);
  });

  it('protects every stateful resource from destroy', () => {
    const unprotected = [...resources.values()].flat().filter((r) => isStatefulType(r.type) && !r.preventDestroy);
    expect(unprotected).toEqual([]);
  });
});
