'use strict';
// Agent Lightning: the files each Jest test reads, for test selection.
//
// Added after the project's own setupFilesAfterEnv (never instead of them) while a coverage map is built. The read
// hooks themselves are lightning-jest-preload.js, loaded before anything else through NODE_OPTIONS (required from
// here if it was not, which then sees only what calls `fs` directly). This file gives them the test file it is loaded
// for: a read while a test runs (between this file's root beforeEach and afterEach, so the test's own hooks count)
// belongs to that test, `expect.getState().currentTestName`; a read outside any test (at the top of the file, in
// beforeAll) belongs to the whole file. The preload keeps only regular files inside LIGHTNING_JEST_READS_ROOT (the
// repository), relative to it; node_modules, JavaScript/TypeScript sources and Jest's own tooling reads are left out.
// After the file's tests, its reads are written to LIGHTNING_JEST_READS_DIR as
// {"tests": {"src/a.test.js::describe test": ["data/x.json"], "src/a.test.js": [...]}}, test files relative to
// LIGHTNING_JEST_READS_PROJECT; worker threads a test starts write their own documents (see the preload).

const fs = require('fs');
const path = require('path');

const outputDirectory = process.env.LIGHTNING_JEST_READS_DIR;
const API = Symbol.for('lightning.jestReads.api');

if (outputDirectory) {
  if (!fs[API]) {
    require(path.join(__dirname, 'lightning-jest-preload.js'));
  }
  const api = fs[API];
  const { originals } = api;
  // A project with injectGlobals: false has no global expect or hooks: Jest's own module gives them.
  const { expect, beforeEach, afterEach, afterAll } = typeof globalThis.expect === 'undefined' ? require('@jest/globals') : globalThis;
  const project = realpath(process.env.LIGHTNING_JEST_READS_PROJECT || process.cwd());
  const testPath = expect.getState().testPath;
  const testFile = path.relative(project, realpath(testPath)).split(path.sep).join('/');
  const reads = new Map();
  let current = null;
  let finished = false;
  const owner = () => (current === null ? testFile : `${testFile}::${current}`);

  // This test file owns the hooks from now on: the next one's setup takes them over.
  api.owner = owner;
  api.sink = api.createRecorder(api, process.env.LIGHTNING_JEST_READS_ROOT || process.cwd(), (relative) => {
    const test = owner();
    const files = reads.get(test) || new Set();
    if (!files.has(relative)) {
      files.add(relative);
      reads.set(test, files);
      if (finished) {
        write(); // a read in a later afterAll still counts
      }
    }
  });

  beforeEach(() => {
    current = expect.getState().currentTestName || null;
  });
  afterEach(() => {
    current = null;
  });
  afterAll(() => {
    finished = true;
    write();
  });

  function write() {
    const tests = {};
    for (const [test, files] of [...reads.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      tests[test] = [...files].sort();
    }
    const name = testFile.replace(/[^A-Za-z0-9._-]/g, '_') + '.json';
    originals.writeFileSync.call(fs, path.join(outputDirectory, name), JSON.stringify({ tests }));
  }
}

function realpath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
