import { requireSettings, type PolicyRule } from '../rule';

export const KAF025: PolicyRule = {
  id: 'KAF-025',
  title: 'Resources without ACLs are denied, not open',
  why: 'allow.everyone.if.no.acl.found=true grants every authenticated principal full access to any topic nobody wrote an ACL for.',
  fix: 'set allow.everyone.if.no.acl.found=false.',
  severity: 'error',
  controls: ['NIST 800-53 AC-3', 'NIST 800-53 AC-6', 'ISO 27001 A.8.3', 'PCI DSS 4.0 7.2.1', 'DORA Art. 9'],
  appliesTo: ['aws_msk_configuration', 'kubernetes_manifest'],
  check: (r) => requireSettings(r, [{ key: 'allow.everyone.if.no.acl.found', value: 'false' }]),
};
