'use strict';
// Agent Lightning: the files each Jest test reads, for test selection.
//
// Added after the project's own setupFilesAfterEnv (never instead of them) while a coverage map is built. A test's
// `require('fs')` is Node's own module, shared by every test file of the worker, so this file wraps its read functions
// (readFileSync, readFile, promises.readFile, createReadStream, openSync with a read flag) for the test file it is
// loaded for: a read while a test runs (between this file's root beforeEach and afterEach, so the test's own hooks
// count) belongs to that test, `expect.getState().currentTestName`; a read outside any test (at the top of the file, in
// beforeAll) belongs to the whole file. Only regular files inside LIGHTNING_JEST_READS_ROOT (the repository) are kept,
// relative to it; node_modules and JavaScript/TypeScript sources are left out (the import graph and the coverage lines
// follow those). After the file's tests, its reads are written to LIGHTNING_JEST_READS_DIR as
// {"tests": {"src/a.test.js::describe test": ["data/x.json"], "src/a.test.js": [...]}}, test files relative to
// LIGHTNING_JEST_READS_PROJECT. The original functions are kept on the module, so the next test file wraps them afresh
// rather than a previous file's wrappers.

const fs = require('fs');
const path = require('path');

const outputDirectory = process.env.LIGHTNING_JEST_READS_DIR;
const ORIGINALS = Symbol.for('lightning.jestReads.originals');
const SKIPPED = /\.(?:[cm]?[jt]sx?|map|node)$/;

if (outputDirectory) {
  // A project with injectGlobals: false has no global expect or hooks: Jest's own module gives them.
  const { expect, beforeEach, afterEach, afterAll } = typeof globalThis.expect === 'undefined' ? require('@jest/globals') : globalThis;
  const root = realpath(process.env.LIGHTNING_JEST_READS_ROOT || process.cwd());
  const project = realpath(process.env.LIGHTNING_JEST_READS_PROJECT || process.cwd());
  const originals = fs[ORIGINALS] || (fs[ORIGINALS] = {
    readFileSync: fs.readFileSync,
    readFile: fs.readFile,
    createReadStream: fs.createReadStream,
    openSync: fs.openSync,
    promisesReadFile: fs.promises.readFile,
    writeFileSync: fs.writeFileSync,
    realpathSync: fs.realpathSync,
    statSync: fs.statSync,
  });
  const testPath = expect.getState().testPath;
  const testFile = path.relative(project, realpath(testPath)).split(path.sep).join('/');
  const reads = new Map();
  let current = null;
  let busy = false;
  let finished = false;

  const record = (file, flags) => {
    if (busy) {
      return;
    }
    busy = true; // the bookkeeping below must not record itself
    try {
      if (!isRead(flags) || (typeof file !== 'string' && !Buffer.isBuffer(file) && !(file instanceof URL))) {
        return;
      }
      const name = file instanceof URL ? file.pathname : file.toString();
      const full = originals.realpathSync.call(fs, path.resolve(name));
      if (SKIPPED.test(full) || full.split(path.sep).includes('node_modules')) {
        return;
      }
      if (full !== root && !full.startsWith(root + path.sep)) {
        return;
      }
      if (!originals.statSync.call(fs, full).isFile()) {
        return;
      }
      const test = current === null ? testFile : `${testFile}::${current}`;
      const relative = path.relative(root, full).split(path.sep).join('/');
      const files = reads.get(test) || new Set();
      if (!files.has(relative)) {
        files.add(relative);
        reads.set(test, files);
        if (finished) {
          write(); // a read in a later afterAll still counts
        }
      }
    } catch {
      // The test being measured must never fail because of the measurement (a missing file fails the read itself).
    } finally {
      busy = false;
    }
  };

  fs.readFileSync = function readFileSync(file, options) {
    record(file, 'r');
    return originals.readFileSync.apply(this, arguments);
  };
  fs.readFile = function readFile(file) {
    record(file, 'r');
    return originals.readFile.apply(this, arguments);
  };
  fs.promises.readFile = function readFile(file) {
    record(file, 'r');
    return originals.promisesReadFile.apply(this, arguments);
  };
  fs.createReadStream = function createReadStream(file, options) {
    record(file, typeof options === 'object' && options !== null && options.flags !== undefined ? options.flags : 'r');
    return originals.createReadStream.apply(this, arguments);
  };
  fs.openSync = function openSync(file, flags) {
    record(file, flags === undefined ? 'r' : flags);
    return originals.openSync.apply(this, arguments);
  };

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
    busy = true;
    try {
      originals.writeFileSync.call(fs, path.join(outputDirectory, name), JSON.stringify({ tests }));
    } finally {
      busy = false;
    }
  }
}

function realpath(file) {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

// fs flags: 'r', 'r+', 'rs+', 'w+', 'a+' read; 'w', 'a', 'wx', 'ax' do not. Numbers: O_RDONLY (0) or O_RDWR.
function isRead(flags) {
  if (typeof flags === 'number') {
    const mode = flags & (fs.constants.O_RDONLY | fs.constants.O_WRONLY | fs.constants.O_RDWR);
    return mode === fs.constants.O_RDONLY || mode === fs.constants.O_RDWR;
  }
  return typeof flags !== 'string' || flags.includes('r') || flags.includes('+');
}
