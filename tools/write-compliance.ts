import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { renderCompliance } from '../constructs/policy/compliance';

/** Writes docs/compliance.md from the rules (npm run docs:compliance; a test keeps it current). */
const root = resolve(__dirname, '..', '..');
const out = join(root, 'docs', 'compliance.md');
writeFileSync(out, renderCompliance());
console.log(`wrote ${out}`);
