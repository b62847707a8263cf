import { fail, get, isExpression, list, undecidable, worst, type PolicyRule, type Verdict } from '../rule';

const KAFKA_ACTION = /^(kafka-cluster|kafka):/i;

/** Star, or a Kafka ARN whose cluster name is a wildcard (cluster/STAR, topic/STAR/..., or a bare STAR resource). */
function isEveryCluster(resource: string): boolean {
  return resource === '*' || /^arn:[^:]*:kafka:[^:]*:[^:]*:(\*|(cluster|topic|group|transactional-id)\/\*.*)$/.test(resource);
}

function statements(doc: unknown): unknown[] {
  return list(get(doc, 'Statement') ?? get(doc, 'statement'));
}

/** Flags Allow statements that grant Kafka actions on every resource. */
function judgeStatements(stmts: unknown[], where: string): Verdict {
  const wide = stmts.filter((s) => {
    const effect = String(get(s, 'Effect') ?? get(s, 'effect') ?? 'Allow');
    const actions = list(get(s, 'Action') ?? get(s, 'actions')).map(String);
    const resources = list(get(s, 'Resource') ?? get(s, 'resources')).map(String);
    return effect === 'Allow' && actions.some((a) => KAFKA_ACTION.test(a) || a === '*') && resources.some(isEveryCluster);
  });
  return wide.length === 0
    ? 'compliant'
    : fail(
        `${where} allows Kafka actions on every cluster (Resource "*" or a wildcard cluster ARN) in ${wide.length} statement${wide.length === 1 ? '' : 's'}.`,
      );
}

function judgePolicyText(text: unknown, where: string): Verdict {
  if (typeof text !== 'string') return 'not-applicable';
  // A whole-string reference to a policy document: that data source is judged itself.
  if (/^\$\{data\.aws_iam_policy_document\.[^}]+\.json\}$/.test(text)) return 'not-applicable';
  if (!text.trim().startsWith('{'))
    return isExpression(text) ? undecidable(`${where} is computed at apply time, so its Kafka grants cannot be read.`) : 'not-applicable';
  try {
    return judgeStatements(statements(JSON.parse(text)), where);
  } catch {
    return undecidable(`${where} is not JSON the policy can read.`);
  }
}

export const KAF027: PolicyRule = {
  id: 'KAF-027',
  title: 'IAM grants to Kafka are scoped to named clusters',
  why: 'MSK Connect workers, MSK Replicator and MirrorMaker 2 run with IAM roles; kafka-cluster:* on Resource "*" lets a compromised connector read and write every cluster in the account.',
  fix: 'list the cluster, topic and group ARNs the role needs (arn:aws:kafka:<region>:<account>:cluster/<name>/*, topic/<name>/*, group/<name>/*) instead of "*".',
  severity: 'error',
  scanners: [
    {
      scanner: 'checkov',
      id: 'CKV_AWS_62',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/IAMAdminPolicyDocument.py',
    },
    {
      scanner: 'checkov',
      id: 'CKV_AWS_63',
      relation: 'extends',
      source: 'bridgecrewio/checkov/checkov/terraform/checks/resource/aws/IAMStarActionPolicyDocument.py',
    },
  ],
  controls: ['NIST 800-53 AC-6', 'ISO 27001 A.8.2', 'PCI DSS 4.0 7.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'data.aws_iam_policy_document'],
  check: (r) => {
    switch (r.type) {
      case 'aws_iam_role_policy':
      case 'aws_iam_policy':
        return judgePolicyText(r.config.policy, 'policy');
      case 'aws_iam_role':
        return worst(
          list(r.config.inline_policy)
            .map((p, i) => judgePolicyText(get(p, 'policy'), `inline_policy[${i}].policy`))
            .concat(['not-applicable']),
        );
      case 'aws_iam_policy_document':
        return r.kind === 'data' ? judgeStatements(list(r.config.statement), 'statement') : 'not-applicable';
      default:
        return 'not-applicable';
    }
  },
};
