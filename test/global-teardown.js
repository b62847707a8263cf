'use strict';
const { rmSync } = require('fs');

/** Removes the run's shared folder (test/global-setup.js). */
module.exports = () => {
  if (process.env.TEST_RUN_DIR) rmSync(process.env.TEST_RUN_DIR, { recursive: true, force: true });
};
