import { REQUIRED_TAG_KEYS } from '../../model/naming';
import { fail, isExpression, undecidable, type PolicyRule } from '../rule';

export const KAF020: PolicyRule = {
  id: 'KAF-020',
  title: 'Every taggable resource carries the environment, owner and data-class tags',
  why: 'Tags are how incident responders, cost reports and data-protection reviews find who owns a resource and what data it holds.',
  fix: 'tag with model/naming.ts standardTags (environment, owner, data-class): AWS through the provider default_tags, Google through default_labels, Azure on each resource.',
  severity: 'error',
  controls: ['NIST 800-53 CM-8', 'ISO 27001 A.5.9', 'PCI DSS 4.0 12.5.1', 'DORA Art. 8'],
  appliesTo: ['*'],
  check: (r) => {
    if (r.kind !== 'resource' || r.tagAttribute === undefined) return 'not-applicable';
    const own = r.config[r.tagAttribute];
    if (isExpression(own)) return undecidable(`${r.tagAttribute} is computed at apply time (${own}), so the required keys cannot be seen.`);
    const tags = { ...(r.defaultTags ?? {}), ...((own ?? {}) as Record<string, unknown>) };
    const missing = REQUIRED_TAG_KEYS.filter((k) => tags[k] === undefined || tags[k] === '');
    return missing.length === 0 ? 'compliant' : fail(`${r.tagAttribute} lack ${missing.join(', ')}.`);
  },
};
