'use strict';
// Lightning test generation helper for JavaScript (written out and run by Lightning.Testing.Generation).
//   analyze FILE                      -> JSON test points: the module's exports (loaded in this process), their
//                                        parameters, JSDoc types, branches and throws read from their source text
//   execute FILE CALLS.json OUT.json  -> runs each call and writes what happened, with the blocks V8 saw run
// Node's standard library only (node:inspector gives per-call block coverage).
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

function stripStringsAndComments(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/`(?:\\[\s\S]|[^`\\])*`/g, '""')
    .replace(/'(?:\\.|[^'\\\n])*'/g, '""')
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

function parameterText(source) {
  // The text between the first balanced parentheses, or a single bare parameter of an arrow function.
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(source);
  if (arrow) return arrow[1];
  const open = source.indexOf('(');
  if (open < 0) return '';
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '(') depth++;
    if (source[i] === ')') {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return '';
}

function parameters(fn) {
  const source = stripStringsAndComments(Function.prototype.toString.call(fn));
  return splitTopLevel(parameterText(source)).map((text) => {
    const rest = text.startsWith('...');
    const [name, ...defaultParts] = text.replace(/^\.\.\./, '').split('=');
    return {
      name: /^[A-Za-z_$][\w$]*$/.test(name.trim()) ? name.trim() : null,
      default: defaultParts.length ? defaultParts.join('=').trim() : null,
      rest,
    };
  });
}

function jsdoc(source, name, declarationIndex) {
  // The /** ... */ block right before the declaration.
  const before = source.slice(0, declarationIndex);
  const match = /\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*$/.exec(before);
  if (!match) return {};
  const types = {};
  for (const param of match[1].matchAll(/@param\s+\{([^}]+)\}\s+\[?([A-Za-z_$][\w$]*)/g)) {
    types[param[2]] = param[1].trim();
  }
  const returns = /@returns?\s+\{([^}]+)\}/.exec(match[1]);
  return { types, returns: returns ? returns[1].trim() : null };
}

function locate(source, name, isMethod) {
  const patterns = isMethod
    ? [new RegExp(`^\\s*(?:static\\s+)?(?:async\\s+)?${name}\\s*\\(`, 'm')]
    : [
        new RegExp(`(?:^|\\n)[ \\t]*(?:export\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${name}\\s*\\(`),
        new RegExp(`(?:^|\\n)[ \\t]*(?:export\\s+)?(?:const|let|var)\\s+${name}\\s*=`),
        new RegExp(`(?:^|\\n)[ \\t]*(?:module\\.)?exports\\.${name}\\s*=`),
        new RegExp(`(?:^|\\n)[ \\t]*(?:export\\s+)?class\\s+${name}\\b`),
      ];
  for (const pattern of patterns) {
    const match = pattern.exec(source);
    if (match) {
      const index = match.index + (match[0].startsWith('\n') ? 1 : 0);
      return { index, line: source.slice(0, index).split('\n').length };
    }
  }
  return null;
}

function describe(fn, name, className, source, isStatic) {
  const text = Function.prototype.toString.call(fn);
  const code = stripStringsAndComments(text);
  const where = locate(source, name, className !== null);
  const doc = where ? jsdoc(source, name, where.index) : {};
  const throws = [...new Set([...code.matchAll(/throw\s+new\s+([A-Za-z_$][\w$.]*)/g)].map((m) => m[1]))];
  const branches = (code.match(/\bif\s*\(|\?(?![.?])|&&|\|\||\bcase\b|\bcatch\b|\bfor\s*\(|\bwhile\s*\(/g) || []).length;
  return {
    name,
    className,
    static: isStatic,
    line: where ? where.line : null,
    endLine: where ? where.line + text.split('\n').length - 1 : null,
    parameters: parameters(fn).map((p) => ({
      name: p.name,
      type: p.name && doc.types ? doc.types[p.name] || null : null,
      default: p.default,
      rest: p.rest,
    })),
    returns: doc.returns || null,
    isAsync: fn.constructor && fn.constructor.name === 'AsyncFunction',
    isGenerator: fn.constructor && /GeneratorFunction/.test(fn.constructor.name),
    branches,
    raises: throws,
  };
}

function isClass(fn) {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function analyze(file) {
  const full = path.resolve(file);
  const source = fs.readFileSync(full, 'utf8');
  let exported;
  try {
    exported = require(full);
  } catch (error) {
    return { error: `${path.basename(file)}: cannot be loaded: ${error && error.message}` };
  }
  const points = [];
  const classes = [];
  const entries = typeof exported === 'function' && !isClass(exported)
    ? [['default', exported]]
    : Object.entries(exported || {});
  for (const [name, value] of entries) {
    if (typeof value !== 'function' || name.startsWith('_')) continue;
    if (isClass(value)) {
      classes.push({ name, constructor: parameters(value).map((p) => ({ name: p.name, default: p.default })) });
      for (const key of Object.getOwnPropertyNames(value.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(value.prototype, key);
        if (key === 'constructor' || key.startsWith('_') || key.startsWith('#') || typeof descriptor.value !== 'function') continue;
        points.push(describe(descriptor.value, key, name, source, false));
      }
      for (const key of Object.getOwnPropertyNames(value)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (['length', 'name', 'prototype'].includes(key) || key.startsWith('_') || !descriptor || typeof descriptor.value !== 'function') continue;
        points.push(describe(descriptor.value, key, name, source, true));
      }
    } else {
      points.push(describe(value, name, null, source, false));
    }
  }
  return { points, classes, moduleShape: typeof exported === 'function' ? 'function' : 'object' };
}

function literal(value, depth = 0, seen = new Set()) {
  if (depth > 4) return null;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'string':
      return value.length <= 2000 ? JSON.stringify(value) : null;
    case 'object': {
      if (seen.has(value)) return null;
      seen.add(value);
      if (Array.isArray(value)) {
        if (value.length > 200) return null;
        const items = value.map((item) => literal(item, depth + 1, seen));
        return items.includes(null) && value.every((item) => item !== null) ? null : `[${items.join(', ')}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return null;
      const keys = Object.keys(value);
      if (keys.length > 100) return null;
      const parts = [];
      for (const key of keys) {
        const item = literal(value[key], depth + 1, seen);
        if (item === null && value[key] !== null) return null;
        parts.push(`${JSON.stringify(key)}: ${item}`);
      }
      return `{${parts.join(', ')}}`;
    }
    default:
      return null;
  }
}

function post(session, method, params) {
  let result;
  let failure;
  session.post(method, params, (error, value) => {
    failure = error;
    result = value;
  });
  if (failure) throw failure;
  return result;
}

function blocks(session, url) {
  // The blocks of the target file that ran since the last call: start offsets of ranges whose count is positive.
  const taken = post(session, 'Profiler.takePreciseCoverage');
  const script = taken.result.find((entry) => entry.url === url);
  if (!script) return [];
  const ran = [];
  for (const fn of script.functions) {
    for (const range of fn.ranges) {
      if (range.count > 0 && fn.functionName !== '') ran.push(`${range.startOffset}`);
      if (range.count === 0) ran.push(`!${range.startOffset}`);
    }
  }
  return ran.sort();
}

function execute(file, callsFile, outFile) {
  const full = path.resolve(file);
  const url = require('node:url').pathToFileURL(full).href;
  const calls = JSON.parse(fs.readFileSync(callsFile, 'utf8'));
  const session = new inspector.Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  let exported;
  try {
    exported = require(full);
  } catch (error) {
    fs.writeFileSync(outFile, JSON.stringify({ importError: `${error && error.name}: ${error && error.message}` }));
    return;
  }
  const results = [];
  for (const call of calls) {
    const outcomes = [];
    let ran = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      blocks(session, url);
      outcomes.push(run(exported, call));
      ran = blocks(session, url);
    }
    const [first, second] = outcomes;
    results.push({ ...first, id: call.id, blocks: ran, stable: JSON.stringify(first) === JSON.stringify(second) });
  }
  fs.writeFileSync(outFile, JSON.stringify({ results }));
}

function run(exported, call) {
  try {
    // Our own generated literals, evaluated without access to this helper's scope.
    const args = call.arguments.map((source) => (0, eval)(`(${source})`));
    const ctorArgs = (call.constructorArguments || []).map((source) => (0, eval)(`(${source})`));
    let fn;
    let self;
    const owner = call.className ? exported[call.className] : null;
    if (owner && call.static) {
      fn = owner[call.function];
      self = owner;
    } else if (owner) {
      self = new owner(...ctorArgs);
      fn = self[call.function];
    } else {
      fn = call.function === 'default' && typeof exported === 'function' ? exported : exported[call.function];
    }
    const value = fn.apply(self, args);
    if (value && typeof value.then === 'function') {
      return { kind: 'escaped', type: 'Promise' };
    }
    const text = literal(value);
    return { kind: 'returned', value: text, type: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value };
  } catch (error) {
    const type = error && error.constructor && error.constructor.name ? error.constructor.name : typeof error;
    return { kind: 'raised', type, message: error && typeof error.message === 'string' ? error.message.slice(0, 200) : null };
  }
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'analyze') {
  process.stdout.write(JSON.stringify(analyze(rest[0])));
} else if (command === 'execute') {
  execute(rest[0], rest[1], rest[2]);
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
