import { DataAwsSecretsmanagerRandomPassword } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-random-password';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { KafkaPrincipal } from '../analysis/kraft';

export interface KafkaPrincipalSecretsProps {
  /** The SCRAM users of the cluster (analysis/kraft.ts `kraftPrincipals`). */
  readonly principals: readonly KafkaPrincipal[];
  /** Region of the stack's provider: the secrets' primary region. */
  readonly region: string;
  /** Every region that reads the secrets: the cluster's other sites (brokers) and the MirrorMaker targets. */
  readonly replicaRegions: readonly string[];
}

/**
 * The SCRAM credentials of a self-managed cluster's principals, one secret per user
 * (JSON with username and password), replicated into every region that reads it so the
 * brokers and MirrorMaker read their local copy through their own Secrets Manager
 * endpoint. Secrets Manager generates the password once; later plans keep it
 * (`ignore_changes`), rotation is an operator's decision. The password is in the
 * Terraform state, which is encrypted and access-controlled (backend.ts).
 */
export class KafkaPrincipalSecrets extends Construct {
  public readonly secrets: Record<string, SecretsmanagerSecret> = {};

  constructor(scope: Construct, id: string, props: KafkaPrincipalSecretsProps) {
    super(scope, id);
    const replicas = [...new Set(props.replicaRegions)].filter((r) => r !== props.region).sort();
    for (const p of props.principals) {
      // Construct ids carry the user name: stable addresses as principals are added.
      const secret = new SecretsmanagerSecret(this, `Secret-${p.user}`, {
        name: p.secretName,
        description: `SCRAM-SHA-512 credentials of ${p.user}: ${p.purpose}`,
        replica: replicas.map((region) => ({ region })),
        recoveryWindowInDays: 30,
      });
      const password = new DataAwsSecretsmanagerRandomPassword(this, `Password-${p.user}`, {
        passwordLength: 32,
        excludePunctuation: true,
      });
      new SecretsmanagerSecretVersion(this, `Value-${p.user}`, {
        secretId: secret.id,
        secretString: Fn.jsonencode({ username: p.user, password: password.randomPassword }),
        lifecycle: { ignoreChanges: ['secret_string'] },
      });
      this.secrets[p.user] = secret;
    }
  }
}
