import { TerraformResource, type ITerraformDependable, type TerraformResourceLifecycle, type TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';

/** `kafka_topic` of the Mongey/kafka provider (see provider.ts). */
export interface KafkaTopicConfig {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configuration (retention.ms, min.insync.replicas, ...). */
  readonly config?: Readonly<Record<string, string>>;
  readonly provider?: TerraformProvider;
  readonly lifecycle?: TerraformResourceLifecycle;
  readonly dependsOn?: ITerraformDependable[];
}

export class KafkaTopic extends TerraformResource {
  public static readonly tfResourceType = 'kafka_topic';

  constructor(
    scope: Construct,
    id: string,
    private readonly topic: KafkaTopicConfig,
  ) {
    super(scope, id, {
      terraformResourceType: 'kafka_topic',
      terraformGeneratorMetadata: { providerName: 'kafka' },
      provider: topic.provider,
      lifecycle: topic.lifecycle,
      dependsOn: topic.dependsOn,
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      name: this.topic.name,
      partitions: this.topic.partitions,
      replication_factor: this.topic.replicationFactor,
      config: this.topic.config,
    };
  }
}
