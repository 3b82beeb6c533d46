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
