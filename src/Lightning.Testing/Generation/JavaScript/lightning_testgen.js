'use strict';
// Lightning test generation helper for JavaScript and TypeScript (written out and run by Lightning.Testing.Generation).
//   analyze FILE                      -> JSON test points: the module's exports (loaded in this process: require for
//                                        CommonJS, import() for ES modules, TypeScript transpiled on load with the
//                                        project's typescript), their parameters, JSDoc or TypeScript types, branches
//                                        and throws read from their source text
//   execute FILE CALLS.json OUT.json  -> runs each call in a worker thread with a deadline (an endless loop loses that
//                                        call only: the worker is terminated and a new one loads the module) and writes
//                                        what happened, with the blocks V8 saw run
//   check FILE...                     -> TypeScript: the first syntax or type error of each file, as JSON
// Node's standard library only (node:inspector gives per-call block coverage); TypeScript's compiler from the project.
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');
const { pathToFileURL } = require('node:url');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

// A call (each of its two runs) that takes longer is stopped; Python's helper has the same per-call alarm.
const CALL_TIMEOUT_MS = Number(process.env.LIGHTNING_TESTGEN_CALL_TIMEOUT_MS) || 2000;
const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;

function packageType(full) {
  for (let dir = path.dirname(full); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(dir) === dir) return 'commonjs';
  }
}

/** How the file loads: 'typescript', 'esm' (.mjs, or .js in a "type": "module" package) or 'commonjs'. */
function moduleKind(full) {
  if (TYPESCRIPT.test(full)) return 'typescript';
  if (full.endsWith('.mjs')) return 'esm';
  if (full.endsWith('.cjs')) return 'commonjs';
  return packageType(full) === 'module' ? 'esm' : 'commonjs';
}

/** The project's typescript package (resolved from the file's directory upwards), or an error naming the package. */
function typescript(full) {
  try {
    return require(require.resolve('typescript', { paths: [path.dirname(full), process.cwd()] }));
  } catch {
    throw new Error('the npm package typescript is not installed in the project (npm install --save-dev typescript)');
  }
}

let typeScriptRegistered = false;

/** TypeScript files are transpiled (ts.transpileModule, to CommonJS) as they are required, so their imports load too. */
function registerTypeScript(ts) {
  if (typeScriptRegistered) return;
  typeScriptRegistered = true;
  const compile = (module, filename) => {
    const output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      fileName: filename,
      // .tsx: JSX in the classic mode (React.createElement, or the file's own @jsx pragma), which, unlike react-jsx,
      // adds no require of react/jsx-runtime: a file loads without React installed, and only its components (never
      // called: they are left out) would need it.
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, sourceMap: false, jsx: ts.JsxEmit.React },
    });
    module._compile(output.outputText, filename);
  };
  for (const extension of ['.ts', '.tsx', '.cts', '.mts']) require.extensions[extension] = compile;
}

async function load(full) {
  const kind = moduleKind(full);
  if (kind === 'typescript') {
    registerTypeScript(typescript(full));
    return { kind, exported: require(full) };
  }
  if (kind === 'esm') {
    return { kind, exported: await import(pathToFileURL(full).href) };
  }
  return { kind, exported: require(full) };
}

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
        new RegExp(`(?:^|\\n)[ \\t]*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${name}\\s*\\(`),
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

function exportedEntries(exported, kind) {
  if (kind === 'commonjs') {
    return typeof exported === 'function' && !isClass(exported) ? [['default', exported]] : Object.entries(exported || {});
  }
  // ES modules and transpiled TypeScript: named exports, and a default export that is a plain function.
  return Object.entries(exported || {}).filter(([name, value]) => name !== 'default' || (typeof value === 'function' && !isClass(value)));
}

async function analyze(file) {
  const full = path.resolve(file);
  const source = fs.readFileSync(full, 'utf8');
  let loaded;
  try {
    loaded = await load(full);
  } catch (error) {
    return { error: `${path.basename(file)}: cannot be loaded: ${error && error.message}` };
  }
  const { kind, exported } = loaded;
  const types = kind === 'typescript' ? typeScriptTypes(full, typescript(full)) : {};
  const points = [];
  const classes = [];
  const skipped = [];
  for (const [name, value] of exportedEntries(exported, kind)) {
    if (typeof value !== 'function' || name.startsWith('_')) continue;
    // A React component (a function whose body has JSX) needs a renderer to test: left out, and said.
    if (types[name] && types[name].jsx) {
      skipped.push(`${name} returns JSX (a component): left out, only plain functions are tested`);
      continue;
    }
    if (isClass(value)) {
      const ctor = types[`${name}.constructor`];
      classes.push({
        name,
        constructor: parameters(value).map((p) => ({ name: p.name, default: p.default, type: ctor && p.name ? ctor.types[p.name] || null : null })),
      });
      for (const key of Object.getOwnPropertyNames(value.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(value.prototype, key);
        if (key === 'constructor' || key.startsWith('_') || key.startsWith('#') || typeof descriptor.value !== 'function') continue;
        points.push(typed(describe(descriptor.value, key, name, source, false), types[`${name}.${key}`]));
      }
      for (const key of Object.getOwnPropertyNames(value)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        if (['length', 'name', 'prototype'].includes(key) || key.startsWith('_') || !descriptor || typeof descriptor.value !== 'function') continue;
        points.push(typed(describe(descriptor.value, key, name, source, true), types[`${name}.${key}`]));
      }
    } else {
      points.push(typed(describe(value, name, null, source, false), types[name]));
    }
  }
  const shape = kind === 'commonjs' ? (typeof exported === 'function' ? 'function' : 'object') : kind;
  return { points, classes, moduleShape: shape, skipped };
}

/** A point with the types TypeScript declares (they replace JSDoc's) and its declaration's lines. */
function typed(point, declared) {
  if (!declared) return point;
  return {
    ...point,
    line: declared.line,
    endLine: declared.endLine,
    returns: declared.returns,
    // An optional parameter (x?: T) is left out like one with a default, and may be given undefined.
    parameters: point.parameters.map((p) => ({
      ...p,
      type: p.name ? declared.types[p.name] || null : null,
      default: p.default ?? (p.name && declared.optional[p.name] ? 'undefined' : null),
    })),
  };
}

/**
 * Declared types of the file's functions, methods and constructors, from the TypeScript checker: keys `name`,
 * `Class.method`, `Class.constructor` and `default`; parameter types printed by the checker (`number`, `string[]`,
 * `string | null`), the return type as written or inferred.
 */
function typeScriptTypes(full, ts) {
  const program = ts.createProgram([full], { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, esModuleInterop: true, jsx: ts.JsxEmit.Preserve });
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(full);
  const result = {};
  const lineOf = (position) => sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  const signature = (declaration) => {
    const types = {};
    const optional = {};
    for (const parameter of declaration.parameters) {
      if (!ts.isIdentifier(parameter.name)) continue;
      optional[parameter.name.text] = Boolean(parameter.questionToken);
      // The type as declared (without the undefined an optional parameter adds), expanded by the checker.
      types[parameter.name.text] = parameter.type ? checker.typeToString(checker.getTypeFromTypeNode(parameter.type)) : null;
    }
    let returns = null;
    const resolved = checker.getSignatureFromDeclaration(declaration);
    if (declaration.type) returns = declaration.type.getText(sourceFile);
    else if (resolved) returns = checker.typeToString(checker.getReturnTypeOfSignature(resolved));
    return { types, optional, returns, jsx: hasJsx(declaration.body), line: lineOf(declaration.getStart(sourceFile)), endLine: lineOf(declaration.getEnd()) };
  };
  // JSX anywhere in the body (returned, or built on the way) marks a component.
  const hasJsx = (node) => Boolean(node) && (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node) || Boolean(ts.forEachChild(node, (child) => hasJsx(child) || undefined)));
  const isDefault = (node) => (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Default) !== 0;
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.body) {
      if (statement.name) result[statement.name.text] = signature(statement);
      if (isDefault(statement)) result.default = signature(statement);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          result[declaration.name.text] = signature(init);
        }
      }
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      const className = statement.name.text;
      for (const member of statement.members) {
        if (ts.isConstructorDeclaration(member)) result[`${className}.constructor`] = signature(member);
        else if (ts.isMethodDeclaration(member) && member.body && ts.isIdentifier(member.name)) result[`${className}.${member.name.text}`] = signature(member);
      }
    }
  }
  return result;
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

/**
 * Runs the calls in a worker thread, each run with its own deadline: a call that does not finish in time is recorded
 * as a timeout, the worker is terminated (which stops even an endless loop) and a new one loads the module for the
 * next call.
 */
async function execute(file, callsFile, outFile) {
  const full = path.resolve(file);
  const calls = JSON.parse(fs.readFileSync(callsFile, 'utf8'));
  const results = [];
  let worker = null;
  for (const call of calls) {
    const outcomes = [];
    let ran = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!worker) {
        worker = await startWorker(full);
        if (worker.importError) {
          fs.writeFileSync(outFile, JSON.stringify({ importError: worker.importError }));
          return;
        }
      }
      const reply = await ask(worker, call);
      if (!reply) {
        await worker.terminate();
        worker = null;
        outcomes.push({ kind: 'timeout' });
        break;
      }
      outcomes.push(reply.outcome);
      ran = reply.blocks;
    }
    const [first, second] = outcomes;
    const stable = second !== undefined && first.kind !== 'timeout' && JSON.stringify(first) === JSON.stringify(second);
    results.push({ ...first, id: call.id, blocks: first.kind === 'timeout' ? [] : ran, stable });
  }
  if (worker) await worker.terminate();
  fs.writeFileSync(outFile, JSON.stringify({ results }));
}

function startWorker(full) {
  return new Promise((resolve) => {
    // The code's own output is read and dropped: only the outcomes matter.
    const worker = new Worker(__filename, { workerData: { file: full }, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    worker.once('message', (message) => {
      if (message.importError) worker.terminate();
      worker.importError = message.importError;
      resolve(worker);
    });
    worker.once('error', (error) => {
      worker.importError = `${error && error.name}: ${error && error.message}`;
      resolve(worker);
    });
  });
}

/** One run of a call in the worker: its outcome and blocks, or null when the deadline passed first. */
function ask(worker, call) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      worker.off('message', answer);
      resolve(null);
    }, CALL_TIMEOUT_MS);
    const answer = (message) => {
      clearTimeout(timer);
      resolve(message);
    };
    worker.once('message', answer);
    worker.postMessage(call);
  });
}

/** The worker: loads the module under V8 precise coverage, then runs each call it is sent. */
async function serve() {
  const full = workerData.file;
  const url = pathToFileURL(full).href;
  const session = new inspector.Session();
  session.connect();
  post(session, 'Profiler.enable');
  post(session, 'Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  let exported;
  try {
    exported = (await load(full)).exported;
  } catch (error) {
    parentPort.postMessage({ importError: `${error && error.name}: ${error && error.message}` });
    return;
  }
  parentPort.on('message', async (call) => {
    blocks(session, url);
    const outcome = await run(exported, call);
    parentPort.postMessage({ outcome, blocks: blocks(session, url) });
  });
  parentPort.postMessage({ ready: true });
}

async function run(exported, call) {
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
    let value = fn.apply(self, args);
    if (value && typeof value.then === 'function') {
      // An async function's result is what it resolves to (its test awaits it); another function's promise is not pinned.
      if (!(fn.constructor && fn.constructor.name === 'AsyncFunction')) return { kind: 'escaped', type: 'Promise' };
      value = await value;
    }
    const text = literal(value);
    return { kind: 'returned', value: text, type: value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value };
  } catch (error) {
    const type = error && error.constructor && error.constructor.name ? error.constructor.name : typeof error;
    return { kind: 'raised', type, message: error && typeof error.message === 'string' ? error.message.slice(0, 200) : null };
  }
}

/** TypeScript: the first syntax or type error of each file (with the project's tsconfig.json when it has one). */
function check(files) {
  const full = files.map((file) => path.resolve(file));
  const ts = typescript(full[0]);
  let options = { strict: true, esModuleInterop: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, jsx: ts.JsxEmit.Preserve };
  const config = ts.findConfigFile(path.dirname(full[0]), ts.sys.fileExists);
  if (config) {
    const read = ts.readConfigFile(config, ts.sys.readFile);
    if (!read.error) options = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config)).options;
  }
  const program = ts.createProgram(full, { ...options, noEmit: true, skipLibCheck: true });
  const errors = {};
  full.forEach((file, index) => {
    const sourceFile = program.getSourceFile(file);
    const diagnostics = sourceFile
      ? [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].filter((d) => d.category === ts.DiagnosticCategory.Error)
      : [];
    if (!sourceFile) errors[files[index]] = 'the file could not be read';
    else if (diagnostics.length > 0) {
      const first = diagnostics[0];
      const line = first.start !== undefined ? sourceFile.getLineAndCharacterOfPosition(first.start).line + 1 : null;
      errors[files[index]] = `TS${first.code}${line ? ` (line ${line})` : ''}: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`;
    }
  });
  return errors;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'analyze') {
    process.stdout.write(JSON.stringify(await analyze(rest[0])));
  } else if (command === 'execute') {
    await execute(rest[0], rest[1], rest[2]);
  } else if (command === 'check') {
    process.stdout.write(JSON.stringify(check(rest)));
  } else {
    process.stderr.write(`unknown command ${command}\n`);
    process.exit(2);
  }
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error && error.stack}\n`);
      process.exit(1);
    },
  );
} else {
  serve();
}
