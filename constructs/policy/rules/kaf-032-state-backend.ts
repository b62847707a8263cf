import { bool, fail, worst, type PolicyRule } from '../rule';

export const KAF032: PolicyRule = {
  id: 'KAF-032',
  title: 'Terraform state is encrypted and locked',
  why: 'State holds every generated secret and the addresses of every resource; two concurrent applies without a lock corrupt it. Local state in prod lives on one laptop.',
  fix: 'use an s3 backend with encrypt = true and use_lockfile = true (or a dynamodb_table), or azurerm / gcs (encrypted and locked natively); local state only in dev.',
  severity: 'error',
  controls: ['NIST 800-53 SC-28', 'NIST 800-53 CM-3', 'ISO 27001 A.8.24', 'PCI DSS 4.0 3.5.1', 'DORA Art. 9'],
  appliesTo: ['s3', 'local', 'azurerm', 'gcs'],
  check: (r) => {
    if (r.kind !== 'backend') return 'not-applicable';
    switch (r.type) {
      case 's3':
        return worst([
          bool(r.config.encrypt) === true ? 'compliant' : fail('encrypt is not true.'),
          bool(r.config.use_lockfile) === true || r.config.dynamodb_table !== undefined
            ? 'compliant'
            : fail('neither use_lockfile nor dynamodb_table is set, so applies are not locked.'),
        ]);
      case 'local':
        return r.stage === 'dev' ? 'not-applicable' : fail('state is on local disk in a prod environment.');
      case 'azurerm':
      case 'gcs':
        return 'compliant';
      default:
        return fail(`backend "${r.type}" is not one this product can vouch for.`);
    }
  },
};
