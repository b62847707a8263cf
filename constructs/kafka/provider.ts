import { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * Typed binding for the Mongey/kafka Terraform provider, which manages topics and ACLs
 * through the Kafka admin API. No prebuilt cdktf package exists for it, and
 * @cdktf/provider-aws 21 has no MSK topic resource, so the few fields used are bound
 * here by hand.
 *
 * The provider talks to the brokers when Terraform plans, so stacks holding topics
 * must run where the brokers are reachable (a runner inside the VPC or over the
 * hybrid link). That is why topics live in their own `<env>-<site>-topics` stack and
 * the cluster stack stays plannable from anywhere.
 *
 * @see https://registry.terraform.io/providers/Mongey/kafka/latest/docs
 */
export interface KafkaProviderConfig {
  /** host:port of the brokers. */
  readonly bootstrapServers: string[];
  /** @default true */
  readonly tlsEnabled?: boolean;
  /** `aws-iam` for MSK IAM auth, `scram-sha512` for SCRAM. */
  readonly saslMechanism?: 'aws-iam' | 'scram-sha256' | 'scram-sha512' | 'plain';
  /** Region for aws-iam signing. */
  readonly saslAwsRegion?: string;
  readonly saslUsername?: string;
  readonly saslPassword?: string;
  /** Seconds to wait for the admin API. @default 120 */
  readonly timeout?: number;
  readonly alias?: string;
}

export const KAFKA_PROVIDER_SOURCE = 'Mongey/kafka';
export const KAFKA_PROVIDER_VERSION = '~> 0.13';

export class KafkaProvider extends TerraformProvider {
  public static readonly tfResourceType = 'kafka';

  constructor(
    scope: Construct,
    id: string,
    private readonly config: KafkaProviderConfig,
  ) {
    super(scope, id, {
      terraformResourceType: 'kafka',
      terraformGeneratorMetadata: { providerName: 'kafka', providerVersionConstraint: KAFKA_PROVIDER_VERSION },
      terraformProviderSource: KAFKA_PROVIDER_SOURCE,
    });
    this._alias = config.alias;
  }

  private _alias?: string;

  // The base class ignores aliases; generated providers override these the same way.
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      bootstrap_servers: c.bootstrapServers,
      tls_enabled: c.tlsEnabled ?? true,
      sasl_mechanism: c.saslMechanism,
      sasl_aws_region: c.saslAwsRegion,
      sasl_username: c.saslUsername,
      sasl_password: c.saslPassword,
      timeout: c.timeout ?? 120,
      alias: this._alias,
    };
  }
}
