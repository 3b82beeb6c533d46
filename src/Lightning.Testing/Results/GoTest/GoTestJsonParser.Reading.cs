using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Results.GoTest;

public sealed partial class GoTestJsonParser
{
    sealed class GoTest(string name)
    {
        public string Name { get; } = name;
        public DateTimeOffset? StartedAt { get; set; }
        public string? Action { get; set; }
        public TimeSpan? Elapsed { get; set; }
        public StringBuilder Output { get; } = new();
    }

    sealed class GoPackage(string name)
    {
        public string Name { get; } = name;
        public DateTimeOffset? StartedAt { get; set; }
        public string? Action { get; set; }
        public TimeSpan? Elapsed { get; set; }
        public StringBuilder Output { get; } = new();
        public StringBuilder BuildOutput { get; } = new();
        public bool BuildFailed { get; set; }
        public List<GoTest> Tests { get; } = [];
        public Dictionary<string, GoTest> ByName { get; } = new(StringComparer.Ordinal);
    }

    sealed partial class Reading
    {
        readonly List<GoPackage> _packages = [];
        readonly Dictionary<string, GoPackage> _byName = new(StringComparer.Ordinal);
        readonly StringBuilder _runOutput = new();
        DateTimeOffset? _first, _last;

        // The package whose compiler output is being read ("# pkg" starts it), for the text lines of Go before 1.24.
        GoPackage? _building;

        public void Accept(GoTestEvent testEvent)
        {
            if (testEvent.Time is { } time)
            {
                _first ??= time;
                _last = time;
            }

            if (testEvent.Action is "build-output" or "build-fail")
            {
                var build = Package(StripVariant(testEvent.ImportPath ?? testEvent.Package ?? string.Empty));
                build.BuildOutput.Append(testEvent.Output);
                build.BuildFailed |= testEvent.Action == "build-fail";
                return;
            }

            if (testEvent.Package is null)
            {
                _runOutput.Append(testEvent.Output);
                return;
            }

            var package = Package(testEvent.Package);
            if (testEvent.FailedBuild is not null)
            {
                package.BuildFailed = true;
            }

            if (testEvent.Test is null)
            {
                AcceptPackageEvent(package, testEvent);
                return;
            }

            if (!package.ByName.TryGetValue(testEvent.Test, out var test))
            {
                test = new GoTest(testEvent.Test);
                package.ByName[test.Name] = test;
                package.Tests.Add(test);
            }

            switch (testEvent.Action)
            {
                case "run":
                    test.StartedAt ??= testEvent.Time;
                    break;
                case "output":
                    if (!Framing().IsMatch(testEvent.Output ?? string.Empty))
                    {
                        test.Output.Append(testEvent.Output);
                    }

                    break;
                case "pass" or "fail" or "skip" or "bench":
                    test.Action = testEvent.Action;
                    test.Elapsed = testEvent.Elapsed;
                    test.Output.Append(testEvent.Action == "bench" ? testEvent.Output : null);
                    break;
            }
        }

        static void AcceptPackageEvent(GoPackage package, GoTestEvent testEvent)
        {
            switch (testEvent.Action)
            {
                case "start":
                    package.StartedAt ??= testEvent.Time;
                    break;
                case "output":
                    package.Output.Append(testEvent.Output);
                    break;
                case "pass" or "fail" or "skip":
                    package.Action = testEvent.Action;
                    package.Elapsed = testEvent.Elapsed;
                    break;
            }

            package.StartedAt ??= testEvent.Time;
        }

        /// <summary>A line that is not an event: Go before 1.24 prints a failed build's messages as plain text.</summary>
        public void AcceptText(string line)
        {
            var header = BuildHeader().Match(line);
            if (header.Success)
            {
                _building = Package(header.Groups["package"].Value);
                _building.BuildOutput.Append(line).Append('\n');
                return;
            }

            var failed = BuildFailedLine().Match(line);
            if (failed.Success)
            {
                var package = Package(failed.Groups["package"].Value);
                package.BuildFailed = true;
                package.Action = "fail";
                package.Output.Append(line).Append('\n');
                _building = null;
                return;
            }

            if (_building is not null)
            {
                _building.BuildOutput.Append(line).Append('\n');
                return;
            }

            _runOutput.Append(line).Append('\n');
        }

        GoPackage Package(string name)
        {
            if (!_byName.TryGetValue(name, out var package))
            {
                package = new GoPackage(name);
                _byName[name] = package;
                _packages.Add(package);
            }

            return package;
        }

        public TestRun Finish() => new()
        {
            Framework = "go",
            StartedAt = _first,
            FinishedAt = _last,
            Duration = _first is { } first && _last is { } last ? last - first : null,
            Suites = _packages.Select(ToSuite).ToArray(),
            Stdout = ReportValues.NullIfEmpty(_runOutput.ToString()),
        };

        static TestSuite ToSuite(GoPackage package)
        {
            var packageFailed = package.Action == "fail" || package.BuildFailed;
            var cases = package.Tests.Select(test => ToCase(package, test, packageFailed)).ToArray();
            cases = cases.Select(testCase => testCase.Failure is { Message: null } failure ? testCase with { Failures = [failure with { Message = SubtestsMessage(testCase, cases) }] } : testCase).ToArray();
            var errors = new List<TestFailure>();
            if (package.BuildFailed)
            {
                errors.Add(new TestFailure(TestFailureKind.Error, "The package did not build.", "build-failed", ReportValues.NullIfEmpty(package.BuildOutput.ToString())));
            }
            else if (package.Action == "fail" && !cases.Any(testCase => testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored))
            {
                errors.Add(new TestFailure(TestFailureKind.Error, "The package failed outside any test (TestMain, init, a timeout or os.Exit).", "package-failed", ReportValues.NullIfEmpty(package.Output.ToString())));
            }

            return new TestSuite
            {
                Name = package.Name,
                Timestamp = package.StartedAt,
                Duration = package.Elapsed,
                Cases = cases,
                Errors = errors,
                Stdout = ReportValues.NullIfEmpty(package.Output.ToString()),
            };
        }

        static TestCase ToCase(GoPackage package, GoTest test, bool packageFailed)
        {
            var output = ReportValues.NullIfEmpty(test.Output.ToString());
            var (outcome, failures, skip) = test.Action switch
            {
                "pass" or "bench" => (TestOutcome.Passed, Array.Empty<TestFailure>(), (TestSkip?)null),
                "skip" => (TestOutcome.Skipped, [], new TestSkip(LastLine(output), null, null)),
                "fail" when Failure(output) is { Kind: TestFailureKind.Error } panic => (TestOutcome.Errored, [panic], null),
                "fail" => (TestOutcome.Failed, [Failure(output)], null),
                // Started and never finished: the package died under it (a panic in another goroutine, a timeout).
                _ => (TestOutcome.Errored,
                    [new TestFailure(TestFailureKind.Error, packageFailed ? "The test did not finish: its package failed." : "The test did not finish.", "unfinished", output)],
                    null),
            };

            return new TestCase
            {
                Id = TestCaseId.Create(package.Name, test.Name),
                Name = test.Name,
                ClassName = package.Name,
                Outcome = outcome,
                Duration = test.Elapsed,
                StartedAt = test.StartedAt,
                Stdout = output,
                Failures = failures,
                Skip = skip,
            };
        }

        /// <summary>
        /// Go does not separate t.Log from t.Error: the message is the panic when there is one, else the last line the
        /// test wrote (t.Fatal ends a test); the whole log stays in the case's stdout.
        /// </summary>
        static TestFailure Failure(string? output)
        {
            if (output is not null)
            {
                var panic = output.IndexOf("panic: ", StringComparison.Ordinal);
                if (panic >= 0 && (panic == 0 || output[panic - 1] == '\n'))
                {
                    return new TestFailure(TestFailureKind.Error, ReportValues.FirstLine(output[panic..]), "panic", output[panic..]);
                }
            }

            return new TestFailure(TestFailureKind.Failure, LastLine(output), null, null);
        }

        /// <summary>A parent test that failed because of its subtests says nothing itself: name them.</summary>
        static string? SubtestsMessage(TestCase parent, IEnumerable<TestCase> cases)
        {
            var failed = cases
                .Where(testCase => testCase.Name.StartsWith(parent.Name + "/", StringComparison.Ordinal) && testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored)
                .Select(testCase => testCase.Name)
                .ToList();
            return failed.Count == 0 ? null : $"Failed subtests: {string.Join(", ", failed)}";
        }

        static string? LastLine(string? output)
        {
            if (output is null)
            {
                return null;
            }

            string? last = null;
            foreach (var line in output.AsSpan().EnumerateLines())
            {
                var trimmed = line.Trim();
                if (!trimmed.IsEmpty)
                {
                    last = trimmed.ToString();
                }
            }

            return last;
        }

        static string StripVariant(string importPath)
        {
            var space = importPath.IndexOf(' ', StringComparison.Ordinal);
            return space < 0 ? importPath : importPath[..space];
        }

        [GeneratedRegex(@"^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:PASS|FAIL|SKIP|BENCH): )")]
        private static partial Regex Framing();

        [GeneratedRegex(@"^# (?<package>\S+)(?: \[[^\]]+\])?$")]
        private static partial Regex BuildHeader();

        [GeneratedRegex(@"^FAIL\s+(?<package>\S+) \[(?:build failed|setup failed)\]$")]
        private static partial Regex BuildFailedLine();
    }
}
