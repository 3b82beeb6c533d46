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
}
