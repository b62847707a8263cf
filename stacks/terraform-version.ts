import { ValidateBinaryVersion } from 'cdktf/lib/validations/validate-binary-version';

/**
 * cdktf checks the Terraform version of every stack with moved or import blocks by
 * starting `terraform version` once per stack during validation (about 0.1 s each on an
 * idle machine, a second under load, and most of a synth's waiting). The binary cannot
 * change during one process, so each check (command, constraint, hint) runs once and
 * its answer is reused: an old Terraform still fails the synth; a missing one does not.
 */
const answers = new Map<string, string[]>();
const check = ValidateBinaryVersion.prototype.validate;

ValidateBinaryVersion.prototype.validate = function (this: ValidateBinaryVersion): string[] {
  const self = this as unknown as { versionCommand: string; versionConstraint: string; hint?: string };
  const key = JSON.stringify([self.versionCommand, self.versionConstraint, self.hint ?? '']);
  let answer = answers.get(key);
  if (answer === undefined) {
    // No Terraform on this machine: synthesis needs none (README quick start), and every
    // stack's required_version (>= 1.10) makes Terraform refuse an old binary at init. An
    // old Terraform that is present still fails here.
    answer = check.call(this).filter((e) => !e.includes('Could not determine version of'));
    answers.set(key, answer);
  }
  return [...answer];
};
