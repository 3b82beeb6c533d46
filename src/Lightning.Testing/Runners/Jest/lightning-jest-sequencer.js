// Lightning: a Jest testSequencer that runs test files in the order the file named by LIGHTNING_TEST_ORDER lists
// (paths relative to the project, one per line); files it does not list (new ones) follow, by path. Nothing is dropped.
const fs = require('fs');
const path = require('path');

class LightningSequencer {
  constructor() {
    const file = process.env.LIGHTNING_TEST_ORDER;
    this.order = file ? fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0) : [];
  }

  rank(test) {
    const full = test.path.split(path.sep).join('/');
    const index = this.order.findIndex((entry) => full === entry || full.endsWith('/' + entry));
    return index < 0 ? this.order.length : index;
  }

  sort(tests) {
    return [...tests].sort((a, b) => this.rank(a) - this.rank(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  shard(tests) {
    return tests;
  }

  allFailedTests(tests) {
    return tests;
  }

  cacheResults() {}
}

module.exports = LightningSequencer;
