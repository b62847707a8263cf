import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { renderBadInputs } from '../test/docs/bad-inputs-catalogue';

/** Writes docs/bad-inputs.md from the bad-input catalogue and corpus (npm run docs:bad-inputs; a test keeps it current). */
const root = resolve(__dirname, '..', '..');
const out = join(root, 'docs', 'bad-inputs.md');
writeFileSync(out, renderBadInputs());
console.log(`wrote ${out}`);
