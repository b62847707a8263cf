import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';

/**
 * cdktf checks the Terraform version of every stack with moved or import blocks by
 * starting `terraform version` once per stack during validation (about 0.1 s each on an
 * idle machine, a second under load, and most of a synth's waiting). The binary cannot
 * change during one process, so each check (command, constraint, hint) runs once and
 * its answer is reused: a missing or old Terraform still fails the synth as before.
 */
const answers = new Map<string, string[]>();
const check = ValidateBinaryVersion.prototype.validate;

ValidateBinaryVersion.prototype.validate = function (this: ValidateBinaryVersion): string[] {
  const self = this as unknown as { versionCommand: string; versionConstraint: string; hint?: string };
  const key = JSON.stringify([self.versionCommand, self.versionConstraint, self.hint ?? '']);
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = check.call(this);
    answers.set(key, answer);
  }
  return [...answer];
};
