// Agent Lightning's live events for Jest, passed with --reporters=<this file>.
// Appends one JSON object per line to the file named by LIGHTNING_TEST_EVENTS: a test's start, its end, and a test
// file's console output or its failure to run. Class, name and file are the ones jest-junit writes when Agent
// Lightning configures it (classname "{classname}" with " › " between describe blocks, title "{title}", file
// attribute on, suite errors reported), so the live events and the report name every test alike.
'use strict';

const fs = require('fs');
const path = require('path');

const SEPARATOR = ' \u203a ';

class LightningJestEvents {
  constructor(globalConfig) {
    const target = process.env.LIGHTNING_TEST_EVENTS;
    this.fd = target ? fs.openSync(target, 'a') : null;
    // jest-junit makes paths relative to the real working directory.
    this.base = fs.realpathSync(process.cwd());
    this.open = new Map();
    this.reported = new Map();
    this.count = 0;
  }

  emit(event) {
    if (this.fd !== null) {
      fs.writeSync(this.fd, JSON.stringify(event) + '\n');
    }
  }

  file(test) {
    return path.relative(this.base, test.path);
  }

  caseOf(test, info) {
    const file = this.file(test);
    const ancestors = info.ancestorTitles || [];
    return {
      suite: file,
      className: ancestors.join(SEPARATOR),
      name: info.title,
      file,
      line: info.location ? info.location.line : undefined,
      selector: JSON.stringify({ file, fullName: [...ancestors, info.title].join(' ') }),
    };
  }

  onTestCaseStart(test, info) {
    const found = this.caseOf(test, info);
    const slot = found.selector;
    const key = 'k' + ++this.count;
    if (!this.open.has(slot)) this.open.set(slot, []);
    this.open.get(slot).push(key);
    this.emit({ e: 'start', k: key, ...found });
  }

  onTestCaseResult(test, result) {
    const found = this.caseOf(test, result);
    this.reported.set(found.selector, (this.reported.get(found.selector) || 0) + 1);
    this.finish(found, result);
  }

  finish(found, result) {
    const waiting = this.open.get(found.selector);
    const key = waiting && waiting.length > 0 ? waiting.shift() : 'k' + ++this.count;
    const event = { e: 'finish', k: key, ...found, duration: typeof result.duration === 'number' ? result.duration / 1000 : undefined };
    switch (result.status) {
      case 'failed':
        event.outcome = 'failed';
        event.failures = (result.failureMessages || []).map((message) => ({ kind: 'failure', message: firstLine(message), stack: message }));
        break;
      case 'pending':
      case 'skipped':
        event.outcome = 'skipped';
        event.skip = { type: result.status };
        break;
      default:
        // jest-junit writes todo and disabled tests as passing cases: so do we.
        event.outcome = 'passed';
        break;
    }
    this.emit(event);
  }

  onTestResult(test, testResult) {
    const file = this.file(test);
    // Skipped and todo tests never run, so no case result came for them: the file's results have them.
    for (const result of testResult.testResults) {
      const found = this.caseOf(test, result);
      const reported = this.reported.get(found.selector) || 0;
      if (reported > 0) {
        this.reported.set(found.selector, reported - 1);
      } else {
        this.finish(found, result);
      }
    }
    if (testResult.console && testResult.console.length) {
      const text = testResult.console.map((entry) => entry.message + '\n').join('');
      this.emit({ e: 'output', suite: file, stream: streamOf(testResult.console), text });
    }
    const failed = testResult.failureMessage || (testResult.testExecError && testResult.testExecError.message) || 'Test suite failed to run';
    if (testResult.testResults.length === 0 && (testResult.testExecError || testResult.failureMessage)) {
      // A file that failed to run is a case of jest-junit's report: "Test suite failed to run", named after the file.
      this.emit({
        e: 'finish', k: 'k' + ++this.count, suite: file, className: 'Test suite failed to run', name: file, file,
        outcome: 'errored', failures: [{ kind: 'error', message: firstLine(failed), stack: failed }],
      });
    }
    if (testResult.testExecError) {
      // jest-junit adds a case for an error outside the tests (a failing hook), named as it names them.
      const suiteError = testResult.testResults.length === 0;
      this.emit({
        e: 'finish', k: 'k' + ++this.count, suite: file,
        className: suiteError ? 'Test suite failed to run' : '',
        name: suiteError ? file : "Test execution failure: could be caused by test hooks like 'afterAll'.",
        file, outcome: 'failed', failures: [{ kind: 'failure', message: firstLine(failed), stack: JSON.stringify(testResult.testExecError) }],
      });
    }
  }

  onRunComplete() {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

function firstLine(text) {
  const line = String(text || '').split('\n').map((part) => part.trim()).find((part) => part.length > 0);
  return line === undefined ? null : line;
}

function streamOf(entries) {
  return entries.every((entry) => entry.type === 'error' || entry.type === 'warn') ? 'stderr' : 'stdout';
}

module.exports = LightningJestEvents;
