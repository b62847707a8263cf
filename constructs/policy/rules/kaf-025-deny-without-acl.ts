import { requireSettings, type PolicyRule } from '../rule';

export const KAF025: PolicyRule = {
  id: 'KAF-025',
  title: 'Resources without ACLs are denied, not open',
  why: 'allow.everyone.if.no.acl.found=true grants every authenticated principal full access to any topic nobody wrote an ACL for.',
  fix: 'set allow.everyone.if.no.acl.found=false.',
  severity: 'error',
  appliesTo: ['aws_msk_configuration', 'kubernetes_manifest'],
  check: (r) => requireSettings(r, [{ key: 'allow.everyone.if.no.acl.found', value: 'false' }]),
};
