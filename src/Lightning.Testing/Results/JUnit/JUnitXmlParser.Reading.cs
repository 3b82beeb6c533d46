using System.Xml;

namespace Lightning.Testing.Results.JUnit;

public sealed partial class JUnitXmlParser
{
    /// <summary>One parse: the reader, and what it has learned about the dialect along the way.</summary>
    sealed class Reading(XmlReader reader, string source, CancellationToken cancellationToken)
    {
        // Counts and bookkeeping attributes that the model recomputes or has no use for.
        static readonly HashSet<string> DerivedSuiteAttributes = new(StringComparer.Ordinal)
        {
            "name", "file", "time", "timestamp", "hostname",
            "tests", "failures", "errors", "skipped", "skips", "disabled", "assertions", "warnings", "id", "version",
        };

        static readonly HashSet<string> KnownCaseAttributes = new(StringComparer.Ordinal)
        {
            "name", "classname", "class", "file", "line", "time", "timestamp",
        };

        readonly JUnitDialect _dialect = new();

        public async Task<TestRun> ReadRunAsync()
        {
            if (await reader.MoveToContentAsync() != XmlNodeType.Element)
            {
                throw XmlReports.Malformed(reader, source, "The file has no root element; a JUnit report starts with <testsuites> or <testsuite>.");
            }

            var run = reader.LocalName switch
            {
                "testsuites" => await ReadTestSuitesAsync(),
                "testsuite" => new TestRun { Suites = [await ReadSuiteAsync([])] },
                _ => throw XmlReports.Malformed(reader, source, $"Expected a <testsuites> or <testsuite> root element, found <{reader.LocalName}>."),
            };

            var framework = _dialect.Framework;
            return run with { Framework = framework, Suites = JUnitDialect.ToModelLines(run.Suites, framework) };
        }

        async Task<TestRun> ReadTestSuitesAsync()
        {
            var name = reader.GetAttribute("name");
            _dialect.SeeRoot(name);
            var duration = XmlReports.ParseSeconds(reader, source, reader.GetAttribute("time"), "time");
            var startedAt = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("timestamp"), "timestamp");
            var suites = new List<TestSuite>();
            var properties = new List<TestProperty>();
            string? stdout = null, stderr = null;
            var depth = reader.Depth;
            if (await XmlReports.EnterAsync(reader))
            {
                while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
                {
                    switch (reader.LocalName)
                    {
                        case "testsuite":
                            suites.Add(await ReadSuiteAsync([]));
                            break;
                        case "properties":
                            await ReadPropertiesAsync(properties);
                            break;
                        case "system-out":
                            stdout = ReportValues.Append(stdout, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "system-err":
                            stderr = ReportValues.Append(stderr, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        default:
                            await reader.SkipAsync();
                            break;
                    }
                }
            }

            return new TestRun
            {
                Name = ReportValues.NullIfEmpty(name),
                StartedAt = startedAt,
                FinishedAt = startedAt + duration,
                Duration = duration,
                Suites = suites,
                Properties = properties,
                Stdout = ReportValues.NullIfEmpty(stdout),
                Stderr = ReportValues.NullIfEmpty(stderr),
            };
        }

        async Task<TestSuite> ReadSuiteAsync(IReadOnlyList<string> parentPath)
        {
            var name = reader.GetAttribute("name") ?? string.Empty;
            var file = ReportValues.NullIfEmpty(reader.GetAttribute("file"));
            _dialect.SeeSuite(name, file, reader.GetAttribute("noNamespaceSchemaLocation", "http://www.w3.org/2001/XMLSchema-instance"));
            var duration = XmlReports.ParseSeconds(reader, source, reader.GetAttribute("time"), "time");
            var timestamp = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("timestamp"), "timestamp");
            var hostname = ReportValues.NullIfEmpty(reader.GetAttribute("hostname"));
            var properties = ExtraAttributes(DerivedSuiteAttributes);
            var path = parentPath.Append(name).ToArray();
            var cases = new List<TestCase>();
            var suites = new List<TestSuite>();
            var errors = new List<TestFailure>();
            string? stdout = null, stderr = null;

            var depth = reader.Depth;
            if (await XmlReports.EnterAsync(reader))
            {
                while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
                {
                    switch (reader.LocalName)
                    {
                        case "testcase":
                            cases.Add(await ReadCaseAsync(path, file));
                            break;
                        case "testsuite":
                            suites.Add(await ReadSuiteAsync(path));
                            break;
                        case "properties":
                            await ReadPropertiesAsync(properties);
                            break;
                        case "system-out":
                            stdout = ReportValues.Append(stdout, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "system-err":
                            stderr = ReportValues.Append(stderr, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "failure":
                        case "error":
                            // Ant writes the error of a class that failed before any test ran straight under <testsuite>.
                            errors.Add(await ReadFailureAsync(bodyStartsWithTestName: false));
                            break;
                        default:
                            await reader.SkipAsync();
                            break;
                    }
                }
            }

            return new TestSuite
            {
                Name = name,
                File = file,
                Timestamp = timestamp,
                Duration = duration,
                Hostname = hostname,
                Properties = properties,
                Cases = cases,
                Suites = suites,
                Errors = errors,
                Stdout = ReportValues.NullIfEmpty(stdout),
                Stderr = ReportValues.NullIfEmpty(stderr),
            };
        }

        async Task<TestCase> ReadCaseAsync(IReadOnlyList<string> suitePath, string? suiteFile)
        {
            var name = reader.GetAttribute("name")
                ?? throw XmlReports.Malformed(reader, source, "A <testcase> has no name attribute.");
            var className = reader.GetAttribute("classname");
            var phpClass = reader.GetAttribute("class");
            _dialect.SeeCase(phpClass, reader.GetAttribute("assertions"));
            className ??= phpClass;
            var file = ReportValues.NullIfEmpty(reader.GetAttribute("file"));
            var line = XmlReports.ParseInt(reader, source, reader.GetAttribute("line"), "line");
            var duration = XmlReports.ParseSeconds(reader, source, reader.GetAttribute("time"), "time");
            var startedAt = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("timestamp"), "timestamp");
            var properties = ExtraAttributes(KnownCaseAttributes);
            if (phpClass is not null && !string.Equals(phpClass, className, StringComparison.Ordinal))
            {
                properties.Add(new TestProperty("class", phpClass));
            }

            var failures = new List<TestFailure>();
            var retries = new List<(bool Flaky, TestAttempt Attempt)>();
            TestSkip? skip = null;
            string? stdout = null, stderr = null;

            var depth = reader.Depth;
            if (await XmlReports.EnterAsync(reader))
            {
                while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
                {
                    switch (reader.LocalName)
                    {
                        case "failure":
                        case "error":
                            failures.Add(await ReadFailureAsync(bodyStartsWithTestName: phpClass is not null));
                            break;
                        case "skipped":
                            var message = reader.GetAttribute("message");
                            var type = reader.GetAttribute("type");
                            _dialect.SeeSkipType(type);
                            var details = await XmlReports.ReadTextAsync(reader, cancellationToken);
                            skip = new TestSkip(ReportValues.NullIfEmpty(message) ?? ReportValues.FirstLine(details), ReportValues.NullIfEmpty(type), ReportValues.NullIfEmpty(details));
                            break;
                        case "flakyFailure":
                        case "flakyError":
                        case "rerunFailure":
                        case "rerunError":
                            retries.Add(await ReadRetryAsync(retries.Count + 1));
                            break;
                        case "system-out":
                            stdout = ReportValues.Append(stdout, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "system-err":
                            stderr = ReportValues.Append(stderr, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "properties":
                            await ReadPropertiesAsync(properties);
                            break;
                        default:
                            await reader.SkipAsync();
                            break;
                    }
                }
            }

            var (outcome, attempts) = Settle(failures, skip, retries);
            return new TestCase
            {
                Id = TestCaseId.Create(className, file ?? suiteFile, suitePath, name),
                Name = name,
                ClassName = ReportValues.NullIfEmpty(className),
                File = file,
                Line = line,
                Outcome = outcome,
                Duration = duration,
                StartedAt = startedAt,
                Stdout = ReportValues.NullIfEmpty(stdout),
                Stderr = ReportValues.NullIfEmpty(stderr),
                Failures = failures,
                Skip = skip,
                Attempts = attempts,
                Properties = properties,
            };
        }

        /// <summary>
        /// The outcome, and Surefire's retries as attempts: a case with flaky elements and no failure passed on a
        /// rerun (flaky; its final, passing attempt is added); a case with a failure and rerun elements failed every
        /// run (its failure is the first attempt).
        /// </summary>
        static (TestOutcome Outcome, IReadOnlyList<TestAttempt> Attempts) Settle(
            List<TestFailure> failures, TestSkip? skip, List<(bool Flaky, TestAttempt Attempt)> retries)
        {
            if (failures.Count > 0)
            {
                var outcome = OutcomeOf(failures[0].Kind);
                if (retries.Count == 0)
                {
                    return (outcome, []);
                }

                var first = new TestAttempt { Number = 1, Outcome = outcome, Failure = failures[0] };
                return (outcome, [first, .. retries.Select(retry => retry.Attempt with { Number = retry.Attempt.Number + 1 })]);
            }

            if (skip is not null)
            {
                return (TestOutcome.Skipped, retries.Select(retry => retry.Attempt).ToArray());
            }

            if (retries.Count == 0)
            {
                return (TestOutcome.Passed, []);
            }

            var final = new TestAttempt { Number = retries.Count + 1, Outcome = TestOutcome.Passed };
            return (TestOutcome.Flaky, [.. retries.Select(retry => retry.Attempt), final]);
        }

        static TestOutcome OutcomeOf(TestFailureKind kind) => kind == TestFailureKind.Error ? TestOutcome.Errored : TestOutcome.Failed;

        /// <summary>
        /// A failure or error element. Without a message attribute (jest-junit, PHPUnit) the message is the body's
        /// first line, or its second for PHPUnit, whose first line repeats the test's name.
        /// </summary>
        async Task<TestFailure> ReadFailureAsync(bool bodyStartsWithTestName)
        {
            var kind = reader.LocalName == "error" ? TestFailureKind.Error : TestFailureKind.Failure;
            var message = reader.GetAttribute("message");
            var type = reader.GetAttribute("type");
            var body = ReportValues.NullIfEmpty(await XmlReports.ReadTextAsync(reader, cancellationToken));
            var firstLine = ReportValues.FirstLine(body);
            if (bodyStartsWithTestName && body is not null && firstLine is not null)
            {
                firstLine = ReportValues.FirstLine(body[(body.IndexOf(firstLine, StringComparison.Ordinal) + firstLine.Length)..]) ?? firstLine;
            }

            return new TestFailure(kind, ReportValues.NullIfEmpty(message) ?? firstLine, ReportValues.NullIfEmpty(type), body);
        }

        /// <summary>A Surefire retry element: message and type attributes, stackTrace, system-out and system-err children.</summary>
        async Task<(bool Flaky, TestAttempt Attempt)> ReadRetryAsync(int number)
        {
            var element = reader.LocalName;
            var kind = element.EndsWith("Error", StringComparison.Ordinal) ? TestFailureKind.Error : TestFailureKind.Failure;
            var message = reader.GetAttribute("message");
            var type = reader.GetAttribute("type");
            var duration = XmlReports.ParseSeconds(reader, source, reader.GetAttribute("time"), "time");
            string? stack = null, stdout = null, stderr = null, text = null;
            var depth = reader.Depth;
            if (await XmlReports.EnterAsync(reader))
            {
                while (true)
                {
                    // Some writers put the trace straight in the element's text rather than in <stackTrace>.
                    if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && reader.Depth == depth + 1)
                    {
                        text = ReportValues.Append(text, await reader.GetValueAsync());
                        await reader.ReadAsync();
                        continue;
                    }

                    if (!await XmlReports.NextChildAsync(reader, depth, cancellationToken))
                    {
                        break;
                    }

                    switch (reader.LocalName)
                    {
                        case "stackTrace":
                            stack = ReportValues.Append(stack, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "system-out":
                            stdout = ReportValues.Append(stdout, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        case "system-err":
                            stderr = ReportValues.Append(stderr, await XmlReports.ReadTextAsync(reader, cancellationToken));
                            break;
                        default:
                            await reader.SkipAsync();
                            break;
                    }
                }
            }

            stack = ReportValues.NullIfEmpty(stack) ?? ReportValues.NullIfEmpty(text?.Trim());
            var failure = new TestFailure(kind, ReportValues.NullIfEmpty(message) ?? ReportValues.FirstLine(stack), ReportValues.NullIfEmpty(type), stack);
            var attempt = new TestAttempt
            {
                Number = number,
                Outcome = OutcomeOf(kind),
                Duration = duration,
                Failure = failure,
                Stdout = ReportValues.NullIfEmpty(stdout),
                Stderr = ReportValues.NullIfEmpty(stderr),
            };
            return (element.StartsWith("flaky", StringComparison.Ordinal), attempt);
        }

        async Task ReadPropertiesAsync(List<TestProperty> properties)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                if (reader.LocalName != "property")
                {
                    await reader.SkipAsync();
                    continue;
                }

                var name = reader.GetAttribute("name")
                    ?? throw XmlReports.Malformed(reader, source, "A <property> has no name attribute.");
                var value = reader.GetAttribute("value");
                // Jenkins allows the value as element text (multi-line values).
                var text = await XmlReports.ReadTextAsync(reader, cancellationToken);
                properties.Add(new TestProperty(name, value ?? text));
            }
        }

        /// <summary>Attributes of the current element outside <paramref name="known"/>, namespaces aside, as properties.</summary>
        List<TestProperty> ExtraAttributes(HashSet<string> known)
        {
            var properties = new List<TestProperty>();
            if (!reader.MoveToFirstAttribute())
            {
                return properties;
            }

            do
            {
                if (reader.NamespaceURI.Length == 0 && !known.Contains(reader.LocalName))
                {
                    properties.Add(new TestProperty(reader.LocalName, reader.Value));
                }
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
            return properties;
        }
    }
}
