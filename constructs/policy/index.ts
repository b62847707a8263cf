export {
  applyPolicy,
  enforcePolicy,
  policyReport,
  suppress,
  unusedSuppressions,
  type PolicedEstate,
  type PolicyOptions,
  type StackPolicyRecord,
  type SuppressionUse,
} from './aspect';
export {
  blocking,
  checkSuppressions,
  evaluate,
  formatFinding,
  MIN_REASON_LENGTH,
  ruleCatalogue,
  suppressionProblems,
  type Finding,
  type Suppression,
} from './evaluate';
export type { PolicyRule, ResourceView, ScannerCheck, Severity, Verdict } from './rule';
export { POLICY_RULES, ruleById } from './rules';
export {
  checkovBaseline,
  LOG_BUCKET_TAG,
  SCANNER_WAIVERS,
  scannerSkips,
  trivyIgnore,
  type ScannerSkip,
  type ScannerWaiver,
} from './scanner-waivers';
export { complianceRows, FRAMEWORKS, frameworkOf, renderCompliance } from './compliance';
