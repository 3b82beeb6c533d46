using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Results.Tap;

public sealed partial class TapParser
{
    const int SubtestIndent = 4;
    const int YamlIndent = 2;

    /// <summary>One TAP document being read: the root stream or a subtest.</summary>
    sealed class TapStream(int indent, string? announcedName, int startLine)
    {
        public int Indent { get; } = indent;
        public string? AnnouncedName { get; } = announcedName;
        public int StartLine { get; } = startLine;
        public List<TestCase> Cases { get; } = [];
        public List<TestSuite> Suites { get; } = [];
        public List<TestFailure> Errors { get; } = [];
        public List<TestProperty> Properties { get; } = [];
        public StringBuilder Output { get; } = new();
        public int? Plan { get; set; }
        public int Points { get; set; }

        /// <summary>"# Subtest: name" seen at this level, waiting for the indented stream it introduces.</summary>
        public string? PendingSubtest { get; set; }

        public bool IsEmpty => Cases.Count == 0 && Suites.Count == 0;
    }

    /// <summary>What the last test point made, so that a YAML block after it can be attached.</summary>
    sealed record LastPoint(TapStream Stream, TapPoint Point, bool IsSuite, int Index);

    sealed partial class Reading
    {
        readonly string _source;
        readonly string _rootName;
        readonly List<TapStream> _stack = [];
        LastPoint? _last;
        StringBuilder? _yaml;
        int _yamlIndent, _yamlStart;
        bool _bailedOut;

        public Reading(string source)
        {
            _source = source;
            _rootName = Path.GetFileName(source);
            _stack.Add(new TapStream(0, null, 1));
        }

        TapStream Top => _stack[^1];

        /// <summary>Takes one line; false once a bail out has ended the run.</summary>
        public bool Accept(string line, int number)
        {
            if (_yaml is not null)
            {
                AcceptYaml(line, number);
                return true;
            }

            var indent = CountIndent(line);
            var content = line[indent..];
            if (content.Length == 0)
            {
                return true;
            }

            if (_last is not null && content == "---" && indent == _last.Stream.Indent + YamlIndent)
            {
                _yaml = new StringBuilder();
                _yamlIndent = indent;
                _yamlStart = number + 1;
                return true;
            }

            if (indent % SubtestIndent != 0 || !IsTap(content))
            {
                // Non-TAP and mis-indented lines are output of the innermost stream at or above their indentation.
                StreamAt(indent).Output.Append(CommentText(content)).Append('\n');
                return true;
            }

            if (content.StartsWith("Bail out!", StringComparison.OrdinalIgnoreCase))
            {
                var reason = TapPoint.Unescape(content["Bail out!".Length..].Trim());
                StreamAt(indent).Errors.Add(new TestFailure(TestFailureKind.Error, reason.Length == 0 ? "Bail out!" : $"Bail out! {reason}", "bail-out", null));
                _bailedOut = true;
                return false;
            }

            var point = TapPoint.TryParse(content);
            if (indent < Top.Indent && point is null)
            {
                // Between a subtest's introduction and its correlated point, parent-level lines are non-TAP output.
                StreamAt(indent).Output.Append(CommentText(content)).Append('\n');
                return true;
            }

            while (indent > Top.Indent)
            {
                var parent = Top;
                _stack.Add(new TapStream(parent.Indent + SubtestIndent, parent.PendingSubtest, number));
                parent.PendingSubtest = null;
            }

            TapStream? closed = null;
            while (indent < Top.Indent)
            {
                // The first point at a parent level ends the subtest; deeper unterminated ones end with it.
                closed = Close(Top, terminated: Top.Indent == indent + SubtestIndent);
                _stack.RemoveAt(_stack.Count - 1);
                if (Top.Indent > indent)
                {
                    Top.Suites.Add(BuildSuite(closed, null));
                    closed = null;
                }
            }

            var stream = Top;
            if (point is not null)
            {
                AddPoint(stream, point, closed);
            }
            else
            {
                AcceptDirective(stream, content, number);
            }

            return true;
        }

        void AcceptDirective(TapStream stream, string content, int number)
        {
            _last = null;
            if (content.StartsWith("TAP version", StringComparison.OrdinalIgnoreCase))
            {
                var version = content["TAP version".Length..].Trim();
                if (version is not ("12" or "13" or "14"))
                {
                    throw new MalformedReportException(_source, number, $"TAP version {version} is not supported; versions 12 to 14 are.");
                }

                stream.Properties.Add(new TestProperty("tapVersion", version));
                return;
            }

            var plan = PlanPattern().Match(content);
            if (plan.Success)
            {
                var count = int.Parse(plan.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                if (stream.Plan is not null)
                {
                    stream.Errors.Add(new TestFailure(TestFailureKind.Error, $"A second plan (1..{count}) at line {number}; a TAP document has one plan.", "plan", null));
                    return;
                }

                stream.Plan = count;
                if (plan.Groups["reason"].Success)
                {
                    stream.Properties.Add(new TestProperty("planComment", TapPoint.Unescape(plan.Groups["reason"].Value.Trim())));
                }

                return;
            }

            if (content.StartsWith("pragma ", StringComparison.Ordinal))
            {
                stream.Properties.Add(new TestProperty("pragma", content["pragma ".Length..].Trim()));
                return;
            }

            var subtest = SubtestPattern().Match(content);
            if (subtest.Success)
            {
                stream.PendingSubtest = subtest.Groups["name"].Success ? subtest.Groups["name"].Value : string.Empty;
            }
        }

        void AddPoint(TapStream stream, TapPoint point, TapStream? subtest)
        {
            stream.Points++;
            stream.PendingSubtest = null;
            if (subtest is not null && !subtest.IsEmpty)
            {
                stream.Suites.Add(BuildSuite(subtest, point));
                _last = new LastPoint(stream, point, IsSuite: true, stream.Suites.Count - 1);
                return;
            }

            var testCase = BuildCase(stream, point, subtest);
            stream.Cases.Add(testCase);
            _last = new LastPoint(stream, point, IsSuite: false, stream.Cases.Count - 1);
        }

        static TestCase BuildCase(TapStream stream, TapPoint point, TapStream? emptySubtest)
        {
            var name = point.Description.Length > 0 ? point.Description : (point.Number ?? stream.Points).ToString(CultureInfo.InvariantCulture);
            var (outcome, skip, properties) = point switch
            {
                { Directive: TapDirective.Skip } => (TestOutcome.Skipped, new TestSkip(point.Reason, "skip", null), new List<TestProperty>()),
                { Directive: TapDirective.Todo, Ok: false } => (TestOutcome.Skipped, new TestSkip(point.Reason, "todo", null), []),
                { Directive: TapDirective.Todo, Ok: true } => (TestOutcome.Passed, null, [new TestProperty("todo", point.Reason ?? string.Empty)]),
                { Ok: true } => (TestOutcome.Passed, null, []),
                _ => (TestOutcome.Failed, (TestSkip?)null, []),
            };
            if (emptySubtest is not null)
            {
                properties.AddRange(emptySubtest.Properties);
            }

            return new TestCase
            {
                // Subtest names are only final once their correlated points arrive: Finish sets the ids.
                Id = name,
                Name = name,
                Outcome = outcome,
                Skip = skip,
                Failures = outcome == TestOutcome.Failed ? [new TestFailure(TestFailureKind.Failure, null, null, null)] : [],
                Stdout = ReportValues.NullIfEmpty(emptySubtest?.Output.ToString()),
                Properties = properties,
            };
        }

        /// <summary>A subtest's stream as a suite, with its correlated point (null when it never came).</summary>
        static TestSuite BuildSuite(TapStream subtest, TapPoint? point)
        {
            var name = point is { Description.Length: > 0 } ? point.Description
                : subtest.AnnouncedName is { Length: > 0 } announced ? announced
                : point?.Number?.ToString(CultureInfo.InvariantCulture) ?? $"subtest at line {subtest.StartLine}";
            var properties = new List<TestProperty>(subtest.Properties);
            var errors = new List<TestFailure>(subtest.Errors);
            if (point is not null)
            {
                if (point.Directive != TapDirective.None)
                {
                    properties.Add(new TestProperty(point.Directive == TapDirective.Skip ? "skip" : "todo", point.Reason ?? string.Empty));
                }

                // A failed correlated point is the subtest's own failure only when no case inside it explains it.
                if (!point.Ok && point.Directive == TapDirective.None && !HasFailure(subtest))
                {
                    errors.Add(new TestFailure(TestFailureKind.Failure, null, null, null));
                }
            }

            return new TestSuite
            {
                Name = name,
                Properties = properties,
                Cases = subtest.Cases,
                Suites = subtest.Suites,
                Errors = errors,
                Stdout = ReportValues.NullIfEmpty(subtest.Output.ToString()),
            };
        }

        static bool HasFailure(TapStream stream) =>
            stream.Cases.Any(testCase => testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored)
            || stream.Suites.Any(suite => suite.Errors.Count > 0 || suite.EnumerateCases().Any(testCase => testCase.Outcome is TestOutcome.Failed or TestOutcome.Errored));

        /// <summary>Ends a stream: checks its plan, and notes a subtest that never got its correlated point.</summary>
        TapStream Close(TapStream stream, bool terminated)
        {
            if (_bailedOut)
            {
                return stream;
            }

            if (stream.Plan is { } plan && plan != stream.Points)
            {
                stream.Errors.Add(new TestFailure(TestFailureKind.Failure, $"Planned {plan} tests but ran {stream.Points}.", "plan", null));
            }

            if (!terminated)
            {
                stream.Errors.Add(new TestFailure(TestFailureKind.Error, "The subtest ended without its correlated test point.", "unterminated-subtest", null));
            }

            return stream;
        }

        void AcceptYaml(string line, int number)
        {
            var indent = CountIndent(line);
            var content = line[indent..];
            if (indent == _yamlIndent && content == "...")
            {
                var yaml = _yaml!.ToString();
                _yaml = null;
                Attach(TapDiagnostics.Parse(yaml, _source, _yamlStart));
                _last = null;
                return;
            }

            if (content.Length > 0 && indent < _yamlIndent)
            {
                throw new MalformedReportException(_source, number, $"The YAML diagnostics block that starts at line {_yamlStart - 1} is not closed by \"...\" before this less indented line.");
            }

            _yaml!.Append(content.Length == 0 ? string.Empty : line[_yamlIndent..]).Append('\n');
        }

        void Attach(TapDiagnostics diagnostics)
        {
            var last = _last!;
            if (last.IsSuite)
            {
                var suite = last.Stream.Suites[last.Index];
                var failed = !last.Point.Ok && last.Point.Directive == TapDirective.None;
                var properties = new List<TestProperty>(suite.Properties);
                if (diagnostics.Location is not null)
                {
                    properties.Add(new TestProperty("location", diagnostics.Location));
                }

                properties.AddRange(diagnostics.Others);
                var errors = suite.Errors.ToList();
                if (failed && errors.Count > 0 && errors[^1] == new TestFailure(TestFailureKind.Failure, null, null, null))
                {
                    errors[^1] = new TestFailure(TestFailureKind.Failure, diagnostics.Message, diagnostics.Type, diagnostics.Stack);
                }
                else
                {
                    AddIfPresent(properties, "message", diagnostics.Message);
                    AddIfPresent(properties, "name", diagnostics.Type);
                    AddIfPresent(properties, "stack", diagnostics.Stack);
                }

                last.Stream.Suites[last.Index] = suite with { Duration = diagnostics.Duration, Properties = properties, Errors = errors };
                return;
            }

            var testCase = last.Stream.Cases[last.Index];
            var caseProperties = new List<TestProperty>(testCase.Properties);
            caseProperties.AddRange(diagnostics.Others);
            var updated = testCase with
            {
                Duration = diagnostics.Duration,
                File = diagnostics.File,
                Line = diagnostics.Line,
                Properties = caseProperties,
            };
            if (testCase.Outcome == TestOutcome.Failed)
            {
                updated = updated with { Failures = [new TestFailure(TestFailureKind.Failure, diagnostics.Message, diagnostics.Type, diagnostics.Stack)] };
            }
            else if (testCase.Skip is { } skip)
            {
                updated = updated with { Skip = skip with { Details = diagnostics.Message } };
                AddIfPresent(caseProperties, "name", diagnostics.Type);
                AddIfPresent(caseProperties, "stack", diagnostics.Stack);
            }
            else
            {
                AddIfPresent(caseProperties, "message", diagnostics.Message);
                AddIfPresent(caseProperties, "name", diagnostics.Type);
                AddIfPresent(caseProperties, "stack", diagnostics.Stack);
            }

            last.Stream.Cases[last.Index] = updated;
        }

        static void AddIfPresent(List<TestProperty> properties, string name, string? value)
        {
            if (value is not null)
            {
                properties.Add(new TestProperty(name, value));
            }
        }

        public TestRun Finish(int lastLine)
        {
            if (_yaml is not null)
            {
                throw new MalformedReportException(_source, lastLine, $"The report ends inside the YAML diagnostics block that starts at line {_yamlStart - 1}.");
            }

            while (_stack.Count > 1)
            {
                var closed = Close(Top, terminated: false);
                _stack.RemoveAt(_stack.Count - 1);
                Top.Suites.Add(BuildSuite(closed, null));
            }

            var root = Top;
            if (!_bailedOut)
            {
                if (root.Plan is null && root.Points > 0)
                {
                    root.Errors.Add(new TestFailure(TestFailureKind.Failure, $"The stream has no plan (1..N); it may have stopped early after {root.Points} tests.", "plan", null));
                }
                else
                {
                    Close(root, terminated: true);
                }
            }

            var rootSuite = new TestSuite
            {
                Name = _rootName,
                Properties = root.Properties,
                Cases = root.Cases,
                Suites = root.Suites,
                Errors = root.Errors,
                Stdout = ReportValues.NullIfEmpty(root.Output.ToString()),
            };
            return new TestRun { Suites = [WithIds(rootSuite, [])] };
        }

        /// <summary>Case ids from the names of the subtests that hold them; the root, named after the file, is left out.</summary>
        static TestSuite WithIds(TestSuite suite, IReadOnlyList<string> path) => suite with
        {
            Cases = suite.Cases.Select(testCase => testCase with { Id = TestCaseId.Create(null, null, path, testCase.Name) }).ToArray(),
            Suites = suite.Suites.Select(nested => WithIds(nested, [.. path, nested.Name])).ToArray(),
        };

        TapStream StreamAt(int indent)
        {
            for (var i = _stack.Count - 1; i >= 0; i--)
            {
                if (_stack[i].Indent <= indent)
                {
                    return _stack[i];
                }
            }

            return _stack[0];
        }

        static int CountIndent(string line)
        {
            var indent = 0;
            while (indent < line.Length && line[indent] == ' ')
            {
                indent++;
            }

            return indent;
        }

        /// <summary>Comments lose their "# " marker; other non-TAP lines are kept as they are.</summary>
        static string CommentText(string content)
        {
            if (!content.StartsWith('#'))
            {
                return content;
            }

            return content.Length > 1 && content[1] == ' ' ? content[2..] : content[1..];
        }

        static bool IsTap(string content) =>
            content.StartsWith("ok", StringComparison.Ordinal) && TapPoint.TryParse(content) is not null
            || content.StartsWith("not ok", StringComparison.Ordinal)
            || content.StartsWith("TAP version", StringComparison.OrdinalIgnoreCase)
            || content.StartsWith("Bail out!", StringComparison.OrdinalIgnoreCase)
            || content.StartsWith("pragma ", StringComparison.Ordinal)
            || PlanPattern().IsMatch(content)
            || SubtestPattern().IsMatch(content);

        [GeneratedRegex(@"^1\.\.(?<count>\d+)\s*(?:#(?<reason>.*))?$", RegexOptions.CultureInvariant)]
        private static partial Regex PlanPattern();

        [GeneratedRegex(@"^#\s*Subtest(?::\s*(?<name>.*))?$", RegexOptions.CultureInvariant)]
        private static partial Regex SubtestPattern();
    }
}
