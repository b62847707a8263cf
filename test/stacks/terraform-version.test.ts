import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';
import '../../stacks/terraform-version';

describe("cdktf's binary version check (terraform version)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'version-check-'));
  const calls = join(dir, 'calls');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A version command that leaves a line per start, so the test counts real process starts.
  const check = (version: string, constraint: string) =>
    new ValidateBinaryVersion('terraform', constraint, `echo started >> '${calls}'; echo Terraform v${version}`, 'hint');

  it('starts the command once per process for the same constraint, however many stacks ask', () => {
    expect([1, 2, 3].map(() => check('1.9.8', '>=1.5').validate())).toEqual([[], [], []]);
    expect(readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('still fails a synth on a binary older than the constraint', () => {
    expect(check('1.4.0', '>=1.4.1').validate()).toEqual([
      expect.stringContaining('version 1.4.0 is lower than the required version >=1.4.1'),
    ]);
  });

  it('lets a synth go on where no Terraform is installed (the README quick start needs none)', () => {
    expect(new ValidateBinaryVersion('terraform', '>=1.5', 'no-such-terraform-binary version', 'hint').validate()).toEqual([]);
  });
});
