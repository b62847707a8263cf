/**
 * An Apache release digest as Apache publishes it (`.sha512`: either `sha512sum` output or
 * `gpg --print-md SHA512` output, upper case in groups of 8), as 128 lowercase hex digits;
 * undefined when it is not a SHA-512. https://www.apache.org/info/verification.html
 */
export function normalizeSha512(published: string): string | undefined {
  const digest = published
    .replace(/^[^:\s]+:\s*/, '')
    .replace(/\s+[^\s]*\.(tgz|tar\.gz)\s*$/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
  return /^[0-9a-f]{128}$/.test(digest) ? digest : undefined;
}
