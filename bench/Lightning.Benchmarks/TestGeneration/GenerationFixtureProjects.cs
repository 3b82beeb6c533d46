namespace Lightning.Benchmarks.TestGeneration;

/// <summary>The fixture projects benchmark 4 generates tests for: small modules with branches, error paths and a class, per language.</summary>
internal static class GenerationFixtureProjects
{
    public static readonly (string Path, string Text)[] Python =
    [
        ("pyproject.toml", "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n"),
        ("shop/__init__.py", ""),
        ("tests/test_smoke.py", "from shop.textutil import slugify\n\n\ndef test_slugify_words():\n    assert slugify('Hello World') == 'hello-world'\n"),
        ("shop/textutil.py", """
            def slugify(text: str) -> str:
                "Lower-case words joined by dashes."
                words = [w for w in text.lower().split() if w.isalnum()]
                if not words:
                    raise ValueError("nothing to slugify")
                return "-".join(words)


            def truncate(text: str, limit: int = 10) -> str:
                if limit < 0:
                    raise ValueError("negative limit")
                if len(text) <= limit:
                    return text
                return text[: max(limit - 1, 0)] + "…"


            def word_count(text: str) -> int:
                return len(text.split())


            def is_palindrome(text: str) -> bool:
                cleaned = "".join(c.lower() for c in text if c.isalnum())
                if not cleaned:
                    return False
                return cleaned == cleaned[::-1]
            """),
        ("shop/mathutil.py", """
            def gcd(a: int, b: int) -> int:
                if a < 0 or b < 0:
                    raise ValueError("negative")
                while b:
                    a, b = b, a % b
                return a


            def is_prime(n: int) -> bool:
                if n < 2:
                    return False
                i = 2
                while i * i <= n and i < 100000:
                    if n % i == 0:
                        return False
                    i += 1
                return True


            def mean(values: list[float]) -> float:
                if not values:
                    raise ZeroDivisionError("mean of nothing")
                return sum(values) / len(values)


            def fizzbuzz(n: int) -> str:
                if n % 15 == 0:
                    return "FizzBuzz"
                if n % 3 == 0:
                    return "Fizz"
                if n % 5 == 0:
                    return "Buzz"
                return str(n)
            """),
        ("shop/inventory.py", """
            class OutOfStock(Exception):
                pass


            class Inventory:
                def __init__(self):
                    self.items = {"apple": 3}

                def add(self, name: str, quantity: int) -> int:
                    if quantity <= 0:
                        raise ValueError("quantity must be positive")
                    if not name:
                        raise KeyError("no name")
                    self.items[name] = self.items.get(name, 0) + quantity
                    return self.items[name]

                def remove(self, name: str, quantity: int = 1) -> int:
                    if name not in self.items:
                        raise OutOfStock(name)
                    if self.items[name] < quantity:
                        raise OutOfStock(name)
                    self.items[name] -= quantity
                    return self.items[name]

                def total(self) -> int:
                    return sum(self.items.values())
            """),
    ];

    public static readonly (string Path, string Text)[] JavaScript =
    [
        ("package.json", """{ "name": "shop", "version": "1.0.0", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^29.7.0" } }"""),
        ("test/smoke.test.js", "const { slugify } = require('../src/text');\n\ntest('slugify words', () => {\n  expect(slugify('Hello World')).toBe('hello-world');\n});\n"),
        ("src/text.js", """
            'use strict';

            /** @param {string} text */
            function slugify(text) {
              const words = text.toLowerCase().split(/\s+/).filter((w) => /^[a-z0-9]+$/.test(w));
              if (words.length === 0) {
                throw new RangeError('nothing to slugify');
              }
              return words.join('-');
            }

            /**
             * @param {string} text
             * @param {number} limit
             */
            function truncate(text, limit = 10) {
              if (limit < 0) {
                throw new RangeError('negative limit');
              }
              if (text.length <= limit) {
                return text;
              }
              return text.slice(0, Math.max(limit - 1, 0)) + '…';
            }

            /** @param {string} text */
            function isPalindrome(text) {
              const cleaned = text.toLowerCase().replace(/[^a-z0-9]/g, '');
              if (cleaned.length === 0) {
                return false;
              }
              return cleaned === cleaned.split('').reverse().join('');
            }

            module.exports = { slugify, truncate, isPalindrome };
            """),
        ("src/math.js", """
            'use strict';

            /** @param {number} n */
            function fizzbuzz(n) {
              if (n % 15 === 0) {
                return 'FizzBuzz';
              }
              if (n % 3 === 0) {
                return 'Fizz';
              }
              if (n % 5 === 0) {
                return 'Buzz';
              }
              return String(n);
            }

            /** @param {number[]} values */
            function mean(values) {
              if (!Array.isArray(values)) {
                throw new TypeError('values must be an array');
              }
              if (values.length === 0) {
                throw new RangeError('mean of nothing');
              }
              return values.reduce((a, b) => a + b, 0) / values.length;
            }

            class Counter {
              constructor() {
                this.count = 0;
              }

              /** @param {number} step */
              add(step) {
                if (step <= 0) {
                  throw new RangeError('step must be positive');
                }
                this.count += step;
                return this.count;
              }

              reset() {
                const was = this.count;
                this.count = 0;
                return was;
              }
            }

            module.exports = { fizzbuzz, mean, Counter };
            """),
    ];

    /// <summary>The JavaScript fixture's modules as ES modules (a "type": "module" package), with an async function; Jest runs them natively.</summary>
    public static readonly (string Path, string Text)[] Esm =
    [
        ("package.json", """{ "name": "bench-esm", "version": "1.0.0", "type": "module", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }"""),
        ("test/smoke.test.js", "import { capitalize } from '../src/text.js';\n\ntest('capitalize a word', () => {\n  expect(capitalize('word')).toBe('Word');\n});\n"),
        ("src/text.js", """
            /** @param {string} word */
            export function capitalize(word) {
              if (typeof word !== 'string') {
                throw new TypeError('word must be a string');
              }
              if (word.length === 0) {
                return '';
              }
              return word[0].toUpperCase() + word.slice(1);
            }

            /**
             * @param {string} text
             * @param {number} width
             */
            export function pad(text, width = 8) {
              if (width < 0) {
                throw new RangeError('negative width');
              }
              return text.length >= width ? text : text + ' '.repeat(width - text.length);
            }

            /** @param {string[]} words */
            export async function sentence(words) {
              await null;
              if (words.length === 0) {
                throw new RangeError('no words');
              }
              const text = words.join(' ');
              return text.endsWith('.') ? text : text + '.';
            }

            /** @param {string} text */
            export default function wordCount(text) {
              const words = text.split(/\s+/).filter((word) => word.length > 0);
              return words.length;
            }
            """),
        ("src/stats.mjs", """
            /** @param {number[]} values */
            export function median(values) {
              if (values.length === 0) {
                throw new RangeError('median of nothing');
              }
              const sorted = [...values].sort((a, b) => a - b);
              const middle = Math.floor(sorted.length / 2);
              return sorted.length % 2 === 0 ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle];
            }

            /**
             * @param {number} value
             * @param {number} low
             * @param {number} high
             */
            export function clamp(value, low = 0, high = 100) {
              if (low > high) {
                throw new RangeError('low above high');
              }
              return Math.min(high, Math.max(low, value));
            }

            export class Tally {
              constructor() {
                this.counts = {};
              }

              /** @param {string} key */
              add(key) {
                if (!key) {
                  throw new TypeError('a key is required');
                }
                this.counts[key] = (this.counts[key] || 0) + 1;
                return this.counts[key];
              }
            }
            """),
    ];

    /// <summary>A ts-jest project: declared types only (no JSDoc), an alias, optional and nullable parameters, a class.</summary>
    public static readonly (string Path, string Text)[] TypeScript =
    [
        ("package.json", """{ "name": "bench-ts", "version": "1.0.0", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0", "ts-jest": "^29.4.0", "typescript": "^5.9.0" } }"""),
        ("jest.config.js", "module.exports = { preset: 'ts-jest', testEnvironment: 'node' };\n"),
        ("tsconfig.json", """{ "compilerOptions": { "strict": true, "target": "ES2020", "module": "commonjs", "esModuleInterop": true, "skipLibCheck": true } }"""),
        ("test/smoke.test.ts", "import { expect, test } from '@jest/globals';\nimport { initials } from '../src/names';\n\ntest('initials of two words', () => {\n  expect(initials('Ada Lovelace')).toBe('AL');\n});\n"),
        ("src/names.ts", """
            export type Name = string;

            export function initials(name: Name): string {
              const parts = name.split(' ').filter((part) => part.length > 0);
              if (parts.length === 0) {
                return '';
              }
              return parts.map((part) => part[0].toUpperCase()).join('');
            }

            export function greeting(name: string | null, formal?: boolean): string {
              if (name === null) {
                return formal ? 'Dear customer' : 'Hi there';
              }
              return formal ? `Dear ${name}` : `Hi ${name}`;
            }

            export function longest(names: string[]): string {
              if (names.length === 0) {
                throw new RangeError('no names');
              }
              return names.reduce((a, b) => (b.length > a.length ? b : a));
            }
            """),
        ("src/money.ts", """
            export class InsufficientFunds extends Error {
              constructor(public readonly missing: number) {
                super(`missing ${missing}`);
                this.name = 'InsufficientFunds';
              }
            }

            export function cents(amount: number): number {
              if (!Number.isFinite(amount)) {
                throw new RangeError('amount must be finite');
              }
              return Math.round(amount * 100);
            }

            export function split(total: number, parts: number): number[] {
              if (parts <= 0) {
                throw new RangeError('parts must be positive');
              }
              const share = Math.floor(total / parts);
              const shares: number[] = Array(parts).fill(share);
              shares[0] += total - share * parts;
              return shares;
            }

            export class Wallet {
              constructor(private balance: number) {}

              public pay(amount: number): number {
                if (amount <= 0) {
                  throw new RangeError('pay a positive amount');
                }
                if (amount > this.balance) {
                  throw new InsufficientFunds(amount - this.balance);
                }
                this.balance -= amount;
                return this.balance;
              }
            }
            """),
    ];

    public static void Write(string root, IEnumerable<(string Path, string Text)> files)
    {
        foreach (var (path, text) in files)
        {
            var full = System.IO.Path.Combine(root, path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.Length == 0 ? text : text.TrimEnd() + "\n");
        }
    }
}
