import { TerraformResource, type TerraformProvider, type TerraformResourceLifecycle } from 'cdktf';
import type { Construct } from 'constructs';

/** `kafka_acl` of the Mongey/kafka provider (see provider.ts): one operation on one resource for one principal. */
export interface KafkaAclConfig {
  /** `User:<name>`. */
  readonly principal: string;
  readonly resourceType: 'Topic' | 'Group' | 'Cluster' | 'TransactionalID';
  readonly resourceName: string;
  /** @default Literal */
  readonly patternType?: 'Literal' | 'Prefixed';
  readonly operation:
    'All' | 'Read' | 'Write' | 'Create' | 'Delete' | 'Alter' | 'Describe' | 'DescribeConfigs' | 'AlterConfigs' | 'IdempotentWrite';
  /** @default Allow */
  readonly permission?: 'Allow' | 'Deny';
  /** @default * */
  readonly host?: string;
  readonly provider?: TerraformProvider;
  readonly lifecycle?: TerraformResourceLifecycle;
}

export class KafkaAcl extends TerraformResource {
  public static readonly tfResourceType = 'kafka_acl';

  constructor(
    scope: Construct,
    id: string,
    private readonly acl: KafkaAclConfig,
  ) {
    super(scope, id, {
      terraformResourceType: 'kafka_acl',
      terraformGeneratorMetadata: { providerName: 'kafka' },
      provider: acl.provider,
      lifecycle: acl.lifecycle,
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      acl_principal: this.acl.principal,
      acl_host: this.acl.host ?? '*',
      acl_operation: this.acl.operation,
      acl_permission_type: this.acl.permission ?? 'Allow',
      resource_name: this.acl.resourceName,
      resource_type: this.acl.resourceType,
      resource_pattern_type_filter: this.acl.patternType ?? 'Literal',
    };
  }
}
