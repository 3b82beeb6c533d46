namespace Lightning.Testing.Tests.Generation;

/// <summary>Small projects to generate tests for: branches, error paths, a class, and one existing test each.</summary>
internal static class GenerationFixtures
{
    public const string PythonParse = """
        class ParseError(ValueError):
            pass


        def parse_int(text: str) -> int:
            "Parses a decimal integer, with an optional sign."
            if not text:
                raise ParseError("empty")
            text = text.strip()
            if text.startswith("-"):
                return -int(text[1:])
            return int(text)


        def clamp(value: int, low: int = 0, high: int = 10) -> int:
            if value < low:
                return low
            if value > high:
                return high
            return value


        def initials(name: str) -> str:
            parts = [part for part in name.split() if part]
            if not parts:
                return ""
            return "".join(part[0].upper() for part in parts)


        class Stack:
            def __init__(self):
                self.items = []

            def push(self, item):
                self.items.append(item)
                return len(self.items)

            def pop(self):
                if not self.items:
                    raise IndexError("empty stack")
                return self.items.pop()
        """;

    public const string PythonExistingTest = """
        from calc.parse import clamp


        def test_clamp_inside():
            assert clamp(5) == 5
        """;

    /// <summary>A coroutine with an error path, a finite and an endless generator, and an async generator (left out).</summary>
    public const string PythonFlow = """
        import asyncio


        async def halve(value: int) -> int:
            await asyncio.sleep(0)
            if value % 2:
                raise ValueError("odd")
            return value // 2


        def countdown(start: int):
            if start < 0:
                raise ValueError("negative")
            while start > 0:
                yield start
                start -= 1


        def naturals():
            n = 0
            while True:
                yield n
                n += 1


        async def ticks(count: int):
            for index in range(count):
                yield index
        """;

    public static void Python(Detection.FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/pyproject.toml", "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n")
        .Write($"{root}/calc/__init__.py")
        .Write($"{root}/calc/parse.py", PythonParse)
        .Write($"{root}/tests/test_parse.py", PythonExistingTest);

    public const string JavaScriptCalc = """
        'use strict';

        /**
         * Parses a decimal integer.
         * @param {string} text the digits
         * @returns {number}
         */
        function parseInt10(text) {
          if (typeof text !== 'string') throw new TypeError('text must be a string');
          if (text.length === 0) throw new RangeError('empty');
          const value = Number.parseInt(text, 10);
          return Number.isNaN(value) ? null : value;
        }

        /**
         * @param {number} value
         * @param {number} low
         * @param {number} high
         */
        function clamp(value, low = 0, high = 10) {
          if (value < low) return low;
          if (value > high) return high;
          return value;
        }

        class Stack {
          constructor() {
            this.items = [];
          }

          push(item) {
            this.items.push(item);
            return this.items.length;
          }

          pop() {
            if (this.items.length === 0) throw new Error('empty stack');
            return this.items.pop();
          }
        }

        module.exports = { parseInt10, clamp, Stack };
        """;

    public static void JavaScript(Detection.FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/package.json", """{ "name": "calc", "version": "1.0.0", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^29.7.0" } }""")
        .Write($"{root}/src/calc.js", JavaScriptCalc)
        .Write($"{root}/test/calc.test.js", """
            const { clamp } = require('../src/calc');

            test('clamp inside', () => {
              expect(clamp(5)).toBe(5);
            });
            """);

    /// <summary>An ES module (a "type": "module" package): named exports, a default export, an async function, one that never returns.</summary>
    public const string EsmCalc = """
        /**
         * @param {number} value
         * @param {number} low
         * @param {number} high
         */
        export function clamp(value, low = 0, high = 10) {
          if (value < low) return low;
          if (value > high) return high;
          return value;
        }

        /** @param {string} text */
        export async function shout(text) {
          await null;
          if (text.length === 0) throw new RangeError('nothing to shout');
          return text.toUpperCase() + '!';
        }

        /** @param {number} n */
        export function spin(n) {
          while (n !== 0) {
            // an endless loop for every n but 0
          }
          return n;
        }

        /** @param {string} name */
        export default function greet(name) {
          if (!name) return 'hello, stranger';
          return `hello, ${name}`;
        }
        """;

    public static void Esm(Detection.FixtureWorkspace workspace, string root = "repo") => workspace
        .Write($"{root}/package.json", """{ "name": "calc", "version": "1.0.0", "type": "module", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }""")
        .Write($"{root}/src/calc.js", EsmCalc)
        .Write($"{root}/test/calc.test.js", """
            import { clamp } from '../src/calc.js';

            test('clamp inside', () => {
              expect(clamp(5)).toBe(5);
            });
            """);

    /// <summary>TypeScript with declared types (no JSDoc): an alias, an optional and a nullable parameter, a class, a custom error.</summary>
    public const string TypeScriptTemperature = """
        import { round } from './round';

        export type Celsius = number;

        export class BelowAbsoluteZero extends Error {
          constructor(public readonly value: Celsius) {
            super(`${value} is below absolute zero`);
            this.name = 'BelowAbsoluteZero';
          }
        }

        export function toFahrenheit(celsius: Celsius, digits?: number): number {
          if (celsius < -273.15) {
            throw new BelowAbsoluteZero(celsius);
          }
          return round(celsius * 9 / 5 + 32, digits ?? 1);
        }

        export function label(names: string[], separator: string | null): string {
          if (names.length === 0) {
            return 'nobody';
          }
          return names.join(separator ?? ' and ');
        }

        export class Thermostat {
          constructor(private target: number) {}

          public raise(by: number): number {
            if (by <= 0) {
              throw new RangeError('raise by a positive amount');
            }
            this.target += by;
            return this.target;
          }
        }
        """;

    /// <summary>
    /// A <c>.tsx</c> view module: plain functions beside two components (a function and an arrow function returning
    /// JSX). It brings its own JSX factory (<c>@jsx h</c>, hyperscript style) and JSX types, so neither the generator's
    /// helper nor ts-jest needs React installed.
    /// </summary>
    public const string TypeScriptView = """
        /** @jsx h */
        export interface View {
          tag: string;
          props: Record<string, unknown> | null;
          children: unknown[];
        }

        function h(tag: string, props: Record<string, unknown> | null, ...children: unknown[]): View {
          return { tag, props, children };
        }

        declare global {
          // eslint-disable-next-line @typescript-eslint/no-namespace
          namespace JSX {
            interface Element extends View {}
            interface IntrinsicElements {
              [tag: string]: Record<string, unknown>;
            }
          }
        }

        export function formatPrice(cents: number): string {
          if (cents < 0) {
            throw new RangeError('a price is never negative');
          }
          return `$${(cents / 100).toFixed(2)}`;
        }

        export function initials(name: string): string {
          return name.split(' ').filter((part) => part.length > 0).map((part) => part[0].toUpperCase()).join('');
        }

        export function PriceTag(props: { cents: number }): View {
          return <span class="price">{formatPrice(props.cents)}</span>;
        }

        export const Badge = (props: { label: string }) => <b>{initials(props.label)}</b>;
        """;

    /// <summary>A ts-jest project (node_modules linked to the tools' own, which hold jest, ts-jest and typescript); <paramref name="view"/> adds <c>src/view.tsx</c> and JSX to the tsconfig.</summary>
    public static void TypeScript(Detection.FixtureWorkspace workspace, string root = "repo", bool tsJest = true, bool view = false)
    {
        var jsx = view ? """, "jsx": "react" """ : string.Empty;
        if (view)
        {
            workspace.Write($"{root}/src/view.tsx", TypeScriptView);
        }

        workspace
            .Write($"{root}/package.json", """{ "name": "temperature", "version": "1.0.0", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0", "ts-jest": "^29.4.0", "typescript": "^5.9.0" } }""")
            .Write($"{root}/tsconfig.json", $$"""{ "compilerOptions": { "strict": true, "target": "ES2020", "module": "commonjs", "esModuleInterop": true, "skipLibCheck": true{{jsx}}} }""")
            .Write($"{root}/src/temperature.ts", TypeScriptTemperature)
            .Write($"{root}/src/round.ts", "export function round(value: number, digits: number): number {\n  const scale = 10 ** digits;\n  return Math.round(value * scale) / scale;\n}\n")
            .Write($"{root}/test/temperature.test.ts", """
                import { expect, test } from '@jest/globals';
                import { toFahrenheit } from '../src/temperature';

                test('boiling', () => {
                  expect(toFahrenheit(100)).toBe(212);
                });
                """);
        if (tsJest)
        {
            workspace.Write($"{root}/jest.config.js", "module.exports = { preset: 'ts-jest', testEnvironment: 'node' };\n");
        }

        Directory.CreateSymbolicLink(workspace.Full($"{root}/node_modules"), Path.GetDirectoryName(Detection.Toolchain.JestBinDirectory())!);
    }
}
