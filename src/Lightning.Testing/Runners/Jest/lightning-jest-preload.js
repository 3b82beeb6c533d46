'use strict';
// Agent Lightning: the read hooks behind lightning-jest-reads.js, for test selection.
//
// Loaded with NODE_OPTIONS=--require into the Jest process, each Jest worker process and each worker thread, before
// any other module. That order is the point: graceful-fs (Jest's own module loader, jest-resolve, fs-extra) copies
// `fs` when it loads, so only wrappers installed before it also see Jest's reads of data modules (`require` or ESM
// `import` of a JSON file, a file a transform turns into a module). The wrappers cover readFileSync, readFile,
// createReadStream, open, openSync and promises.readFile and promises.open (`fs/promises` is the same object); the
// ESM `node:fs` a native-ESM test imports is built from this same module, so it gets them too.
//
// A wrapper does nothing but pass the path and flags to the sink the per-test-file setup file installs (no sink, no
// cost beyond a property read). The recorder below keeps regular files inside LIGHTNING_JEST_READS_ROOT, minus
// node_modules and JavaScript/TypeScript sources, and minus reads whose caller is Jest's or a compiler's own machinery
// (jest-resolve reading package.json, babel reading .babelrc): those are not the test's data.
//
// Worker threads: a Worker created while a test runs gets LIGHTNING_JEST_READS_OWNER (that test) in its environment;
// this file, preloaded in the thread too, then records the thread's reads for that owner into
// LIGHTNING_JEST_READS_DIR/worker-<pid>-<thread>.json. A Worker with `env: SHARE_ENV` shares the main thread's
// environment, which cannot name one test per thread: its reads are not recorded.

const fs = require('fs');
const path = require('path');
const workerThreads = require('worker_threads');

const API = Symbol.for('lightning.jestReads.api');
const SKIPPED = /\.(?:[cm]?[jt]sx?|map|node)$/;
// Packages whose reads are tooling, not test data. jest-runtime and @jest/transform are not here: they read the data
// modules a test imports.
const TOOLING = /^(?:jest-(?!runtime$)[^/]*|@jest\/(?!transform$)[^/]*|babel[^/]*|@babel\/[^/]*|ts-jest|typescript|graceful-fs|resolve|resolve\.exports)$/;
const OWN_FILES = new Set([__filename, path.join(__dirname, 'lightning-jest-reads.js')]);

if (!fs[API]) {
  install();
}

function install() {
  const originals = {
    readFileSync: fs.readFileSync,
    readFile: fs.readFile,
    createReadStream: fs.createReadStream,
    open: fs.open,
    openSync: fs.openSync,
    promisesReadFile: fs.promises.readFile,
    promisesOpen: fs.promises.open,
    writeFileSync: fs.writeFileSync,
    realpathSync: fs.realpathSync,
    statSync: fs.statSync,
  };
  const api = {
    originals,
    /** Set by the setup file of the running test file: (path, flags) => void. */
    sink: null,
    /** Set by the setup file: the test (or test file) a read belongs to now, for worker threads. */
    owner: null,
    createRecorder,
  };
  Object.defineProperty(fs, API, { value: api });

  const report = (file, flags) => {
    const sink = api.sink;
    if (typeof sink === 'function') {
      sink(file, flags);
    }
  };

  fs.readFileSync = function readFileSync(file) {
    report(file, 'r');
    return originals.readFileSync.apply(this, arguments);
  };
  fs.readFile = function readFile(file) {
    report(file, 'r');
    return originals.readFile.apply(this, arguments);
  };
  fs.createReadStream = function createReadStream(file, options) {
    report(file, typeof options === 'object' && options !== null && options.flags !== undefined ? options.flags : 'r');
    return originals.createReadStream.apply(this, arguments);
  };
  fs.open = function open(file, flags) {
    report(file, flags === undefined || typeof flags === 'function' ? 'r' : flags);
    return originals.open.apply(this, arguments);
  };
  fs.openSync = function openSync(file, flags) {
    report(file, flags === undefined ? 'r' : flags);
    return originals.openSync.apply(this, arguments);
  };
  fs.promises.readFile = function readFile(file) {
    report(file, 'r');
    return originals.promisesReadFile.apply(this, arguments);
  };
  fs.promises.open = function open(file, flags) {
    report(file, flags === undefined ? 'r' : flags);
    return originals.promisesOpen.apply(this, arguments);
  };

  // A Worker started while a test runs carries that test's name to the thread (see the header).
  const OriginalWorker = workerThreads.Worker;
  class Worker extends OriginalWorker {
    constructor(filename, options) {
      const owner = typeof api.owner === 'function' ? api.owner() : null;
      if (owner !== null && (options === undefined || options === null || options.env !== workerThreads.SHARE_ENV)) {
        const env = Object.assign({}, (options && options.env) || process.env, { LIGHTNING_JEST_READS_OWNER: owner });
        options = Object.assign({}, options, { env });
      }
      super(filename, options);
    }
  }
  workerThreads.Worker = Worker;

  if (!workerThreads.isMainThread && process.env.LIGHTNING_JEST_READS_OWNER && process.env.LIGHTNING_JEST_READS_DIR) {
    recordThread(api, process.env.LIGHTNING_JEST_READS_OWNER, process.env.LIGHTNING_JEST_READS_DIR);
  }
}

/** A worker thread's reads, all for the test that started it, rewritten to its own file on each new one. */
function recordThread(api, owner, directory) {
  const files = new Set();
  const name = `worker-${process.pid}-${workerThreads.threadId}.json`;
  const record = createRecorder(api, process.env.LIGHTNING_JEST_READS_ROOT || process.cwd(), (relative) => {
    if (files.has(relative)) {
      return;
    }
    files.add(relative);
    api.originals.writeFileSync.call(fs, path.join(directory, name), JSON.stringify({ tests: { [owner]: [...files].sort() } }));
  });
  api.sink = record;
}

/**
 * A sink for the wrappers: keeps a read that is a regular data file inside `rootDirectory` and made by the test's
 * code (or a library it calls, or Jest loading a data module), and passes its path relative to the root to `onRead`.
 */
function createRecorder(api, rootDirectory, onRead) {
  const { originals } = api;
  const root = realpath(originals, rootDirectory);
  let busy = false;
  return (file, flags) => {
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
      if (!originals.statSync.call(fs, full).isFile() || byTooling()) {
        return;
      }
      onRead(path.relative(root, full).split(path.sep).join('/'));
    } catch {
      // The test being measured must never fail because of the measurement (a missing file fails the read itself).
    } finally {
      busy = false;
    }
  };
}

/** Whether the first caller outside these files, Node's internals and graceful-fs is a tooling package. */
function byTooling() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack || '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line);
    if (!match) {
      continue; // node:internal frames, <anonymous>
    }
    const file = match[1].startsWith('file://') ? new URL(match[1]).pathname : match[1];
    if (OWN_FILES.has(file) || path.basename(file) === 'lightning-jest-preload.js' || path.basename(file) === 'lightning-jest-reads.js') {
      continue;
    }
    const index = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
    if (index < 0) {
      return false; // the test's own code
    }
    const parts = file.slice(index + 'node_modules'.length + 2).split(path.sep);
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    if (name === 'graceful-fs') {
      continue;
    }
    return TOOLING.test(name);
  }
  return false;
}

function realpath(originals, file) {
  try {
    return originals.realpathSync.call(fs, file);
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
