import { readFileSync } from 'fs';
import { join } from 'path';
import { environmentJsonSchema } from '../../../constructs/model/schema';

describe('environments/schema.json', () => {
  it('is the JSON Schema of the zod schema (run `npm run schema` after changing the model)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'environments', 'schema.json'), 'utf8'));
    expect(committed).toEqual(environmentJsonSchema());
  });

  it('rejects unknown keys in editors too', () => {
    expect(environmentJsonSchema().additionalProperties).toBe(false);
  });
});
