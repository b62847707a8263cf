'use strict';
/**
 * Jest's globalSetup: a folder for this run (`TEST_RUN_DIR`), where test files share work
 * that reads the same inputs and would otherwise be repeated by every file, such as the
 * reference estates' synth (test/shared-output.ts). Jest starts its workers after this, so
 * they inherit the variable; globalTeardown removes the folder.
 */
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = () => {
  process.env.TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'kafka-estate-tests-'));
};
