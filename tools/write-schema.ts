import { writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { environmentJsonSchema } from '../constructs/model/schema';

/** Writes environments/schema.json from the zod schema (npm run schema; a test keeps it current). */
const root = resolve(__dirname, '..', '..');
const out = join(root, 'environments', 'schema.json');
writeFileSync(out, JSON.stringify(environmentJsonSchema(), null, 2) + '\n');
console.log(`wrote ${out}`);
