using System.Xml;

namespace Lightning.Testing.Results.Trx;

public sealed partial class TrxParser
{
    sealed class Reading(XmlReader reader, string source, CancellationToken cancellationToken)
    {
        readonly List<TrxResult> _results = [];
        readonly Dictionary<string, TrxDefinition> _definitions = new(StringComparer.OrdinalIgnoreCase);
        readonly List<TestRunMessage> _messages = [];
        string? _stdout, _stderr;

        public async Task<TestRun> ReadAsync()
        {
            if (await reader.MoveToContentAsync() != XmlNodeType.Element || reader.LocalName != "TestRun")
            {
                throw XmlReports.Malformed(reader, source, $"Expected a <TestRun> root element, found {(reader.NodeType == XmlNodeType.Element ? $"<{reader.LocalName}>" : "no element")}.");
            }

            var name = ReportValues.NullIfEmpty(reader.GetAttribute("name"));
            var runUser = ReportValues.NullIfEmpty(reader.GetAttribute("runUser"));
            DateTimeOffset? start = null, finish = null;
            var depth = reader.Depth;
            if (await XmlReports.EnterAsync(reader))
            {
                while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
                {
                    switch (reader.LocalName)
                    {
                        case "Times":
                            start = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("start"), "start");
                            finish = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("finish"), "finish");
                            await reader.SkipAsync();
                            break;
                        case "Results":
                            await ReadResultsAsync(_results);
                            break;
                        case "TestDefinitions":
                            await ReadDefinitionsAsync();
                            break;
                        case "ResultSummary":
                            await ReadSummaryAsync();
                            break;
                        default:
                            await reader.SkipAsync();
                            break;
                    }
                }
            }

            return new TestRun
            {
                Name = name,
                Framework = "dotnet",
                StartedAt = start,
                FinishedAt = finish,
                Duration = start is { } s && finish is { } f ? f - s : null,
                Suites = BuildSuites(),
                Stdout = _stdout,
                Stderr = _stderr,
                Messages = _messages,
                Properties = runUser is null ? [] : [new TestProperty("runUser", runUser)],
            };
        }

        async Task ReadResultsAsync(List<TrxResult> into)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                // UnitTestResult is what every .NET adapter writes; ordered and generic tests use sibling element names.
                if (reader.LocalName.EndsWith("Result", StringComparison.Ordinal) || reader.LocalName == "TestResultAggregation")
                {
                    into.Add(await ReadResultAsync());
                }
                else
                {
                    await reader.SkipAsync();
                }
            }
        }

        async Task<TrxResult> ReadResultAsync()
        {
            var testName = reader.GetAttribute("testName")
                ?? throw XmlReports.Malformed(reader, source, $"A <{reader.LocalName}> has no testName attribute.");
            var outcomeText = reader.GetAttribute("outcome") ?? "Passed";
            if (!TrxOutcomes.TryRead(outcomeText, out var outcome, out var needsProperty))
            {
                throw XmlReports.Malformed(reader, source, $"Result '{testName}' has outcome=\"{outcomeText}\", which is not a TRX outcome.");
            }

            var result = new TrxResult
            {
                TestName = testName,
                TestId = reader.GetAttribute("testId"),
                ComputerName = ReportValues.NullIfEmpty(reader.GetAttribute("computerName")),
                Duration = ParseDuration(reader, source, reader.GetAttribute("duration")),
                StartTime = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("startTime"), "startTime"),
                OutcomeText = outcomeText,
                Outcome = outcome,
                OutcomeNeedsProperty = needsProperty,
            };

            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return result;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                switch (reader.LocalName)
                {
                    case "Output":
                        await ReadOutputAsync(result);
                        break;
                    case "InnerResults":
                        await ReadResultsAsync(result.Inner);
                        break;
                    case "ResultFiles":
                        await ReadListAsync("ResultFile", result.ResultFiles, attribute: "path");
                        break;
                    default:
                        await reader.SkipAsync();
                        break;
                }
            }

            return result;
        }

        async Task ReadOutputAsync(TrxResult result)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                switch (reader.LocalName)
                {
                    case "StdOut":
                        result.Stdout = ReportValues.NullIfEmpty(await XmlReports.ReadTextAsync(reader, cancellationToken));
                        break;
                    case "StdErr":
                        result.Stderr = ReportValues.NullIfEmpty(await XmlReports.ReadTextAsync(reader, cancellationToken));
                        break;
                    case "DebugTrace":
                        result.DebugTrace = ReportValues.NullIfEmpty(await XmlReports.ReadTextAsync(reader, cancellationToken));
                        break;
                    case "ErrorInfo":
                        result.HasErrorInfo = true;
                        await ReadErrorInfoAsync(result);
                        break;
                    case "TextMessages":
                        await ReadListAsync("Message", result.TextMessages, attribute: null);
                        break;
                    default:
                        await reader.SkipAsync();
                        break;
                }
            }
        }

        async Task ReadErrorInfoAsync(TrxResult result)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                switch (reader.LocalName)
                {
                    case "Message":
                        result.ErrorMessage = ReportValues.NullIfEmpty(await XmlReports.ReadTextAsync(reader, cancellationToken));
                        break;
                    case "StackTrace":
                        result.ErrorStack = ReportValues.NullIfEmpty(await XmlReports.ReadTextAsync(reader, cancellationToken));
                        break;
                    default:
                        await reader.SkipAsync();
                        break;
                }
            }
        }

        /// <summary>Children named <paramref name="element"/>: their text, or one attribute's value.</summary>
        async Task ReadListAsync(string element, List<string> into, string? attribute)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                if (reader.LocalName != element)
                {
                    await reader.SkipAsync();
                }
                else if (attribute is not null)
                {
                    if (reader.GetAttribute(attribute) is { } value)
                    {
                        into.Add(value);
                    }

                    await reader.SkipAsync();
                }
                else
                {
                    into.Add(await XmlReports.ReadTextAsync(reader, cancellationToken));
                }
            }
        }

        async Task ReadDefinitionsAsync()
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                var id = reader.GetAttribute("id");
                var storage = ReportValues.NullIfEmpty(reader.GetAttribute("storage"));
                string? className = null;
                var properties = new List<TestProperty>();
                var definitionDepth = reader.Depth;
                if (await XmlReports.EnterAsync(reader))
                {
                    while (await XmlReports.NextChildAsync(reader, definitionDepth, cancellationToken))
                    {
                        switch (reader.LocalName)
                        {
                            case "TestMethod":
                                className = ReportValues.NullIfEmpty(reader.GetAttribute("className"));
                                await reader.SkipAsync();
                                break;
                            case "TestCategory":
                                await ReadCategoriesAsync(properties);
                                break;
                            case "Owners":
                                await ReadOwnersAsync(properties);
                                break;
                            case "Properties":
                                await ReadDefinitionPropertiesAsync(properties);
                                break;
                            default:
                                await reader.SkipAsync();
                                break;
                        }
                    }
                }

                if (id is not null)
                {
                    _definitions[id] = new TrxDefinition(className, storage, properties);
                }
            }
        }

        async Task ReadCategoriesAsync(List<TestProperty> properties)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                if (reader.GetAttribute("TestCategory") is { } category)
                {
                    properties.Add(new TestProperty("category", category));
                }

                await reader.SkipAsync();
            }
        }

        async Task ReadOwnersAsync(List<TestProperty> properties)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                if (reader.GetAttribute("name") is { } owner)
                {
                    properties.Add(new TestProperty("owner", owner));
                }

                await reader.SkipAsync();
            }
        }

        /// <summary>Traits: <c>&lt;Property&gt;&lt;Key&gt;k&lt;/Key&gt;&lt;Value&gt;v&lt;/Value&gt;&lt;/Property&gt;</c>.</summary>
        async Task ReadDefinitionPropertiesAsync(List<TestProperty> properties)
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                string? key = null, value = null;
                var propertyDepth = reader.Depth;
                if (await XmlReports.EnterAsync(reader))
                {
                    while (await XmlReports.NextChildAsync(reader, propertyDepth, cancellationToken))
                    {
                        switch (reader.LocalName)
                        {
                            case "Key":
                                key = await XmlReports.ReadTextAsync(reader, cancellationToken);
                                break;
                            case "Value":
                                value = await XmlReports.ReadTextAsync(reader, cancellationToken);
                                break;
                            default:
                                await reader.SkipAsync();
                                break;
                        }
                    }
                }

                if (key is not null)
                {
                    properties.Add(new TestProperty(key, value ?? string.Empty));
                }
            }
        }

        async Task ReadSummaryAsync()
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                switch (reader.LocalName)
                {
                    case "Output":
                        var output = new TrxResult { TestName = string.Empty, OutcomeText = string.Empty, Outcome = TestOutcome.Passed };
                        await ReadOutputAsync(output);
                        _stdout = output.Stdout;
                        _stderr = output.Stderr;
                        break;
                    case "RunInfos":
                        await ReadRunInfosAsync();
                        break;
                    default:
                        await reader.SkipAsync();
                        break;
                }
            }
        }

        async Task ReadRunInfosAsync()
        {
            var depth = reader.Depth;
            if (!await XmlReports.EnterAsync(reader))
            {
                return;
            }

            while (await XmlReports.NextChildAsync(reader, depth, cancellationToken))
            {
                var level = reader.GetAttribute("outcome") ?? "Info";
                var host = ReportValues.NullIfEmpty(reader.GetAttribute("computerName"));
                var at = XmlReports.ParseTimestamp(reader, source, reader.GetAttribute("timestamp"), "timestamp");
                var text = string.Empty;
                var infoDepth = reader.Depth;
                if (await XmlReports.EnterAsync(reader))
                {
                    while (await XmlReports.NextChildAsync(reader, infoDepth, cancellationToken))
                    {
                        if (reader.LocalName == "Text")
                        {
                            text += await XmlReports.ReadTextAsync(reader, cancellationToken);
                        }
                        else
                        {
                            await reader.SkipAsync();
                        }
                    }
                }

                _messages.Add(new TestRunMessage(level, text, at, host));
            }
        }

        /// <summary>One suite per (assembly, class), in the order the classes first appear among the results.</summary>
        List<TestSuite> BuildSuites()
        {
            var groups = new List<(string? Storage, string? ClassName, List<TrxResult> Results)>();
            foreach (var result in _results)
            {
                var definition = Definition(result);
                var group = groups.FindIndex(g =>
                    string.Equals(g.Storage, definition?.Storage, StringComparison.Ordinal)
                    && string.Equals(g.ClassName, definition?.ClassName, StringComparison.Ordinal));
                if (group < 0)
                {
                    groups.Add((definition?.Storage, definition?.ClassName, [result]));
                }
                else
                {
                    groups[group].Results.Add(result);
                }
            }

            return groups.Select(group => new TestSuite
            {
                Name = group.ClassName ?? string.Empty,
                File = group.Storage,
                Hostname = group.Results[0].ComputerName,
                Cases = group.Results.Where(result => result.Inner.Count == 0).Select(result => ToCase(result, group.ClassName, Definition(result))).ToArray(),
                Suites = group.Results.Where(result => result.Inner.Count > 0).Select(result => ToDataDrivenSuite(result, group.ClassName, Definition(result))).ToArray(),
            }).ToList();
        }

        TrxDefinition? Definition(TrxResult result) =>
            result.TestId is not null && _definitions.TryGetValue(result.TestId, out var definition) ? definition : null;

        static TestCase ToCase(TrxResult result, string? className, TrxDefinition? definition)
        {
            var name = className is not null && result.TestName.StartsWith(className + ".", StringComparison.Ordinal)
                ? result.TestName[(className.Length + 1)..]
                : result.TestName;
            var properties = new List<TestProperty>(definition?.Properties ?? []);
            if (result.OutcomeNeedsProperty)
            {
                properties.Add(new TestProperty(TrxOutcomes.Property, result.OutcomeText));
            }

            if (result.DebugTrace is not null)
            {
                properties.Add(new TestProperty("debugTrace", result.DebugTrace));
            }

            properties.AddRange(result.TextMessages.Select(message => new TestProperty("message", message)));
            properties.AddRange(result.ResultFiles.Select(file => new TestProperty("resultFile", file)));

            var failed = result.Outcome is TestOutcome.Failed or TestOutcome.Errored;
            return new TestCase
            {
                Id = TestCaseId.Create(className, name),
                Name = name,
                ClassName = className,
                Outcome = result.Outcome,
                Duration = result.Duration,
                StartedAt = result.StartTime,
                Stdout = result.Stdout,
                Stderr = result.Stderr,
                Failures = failed && result.HasErrorInfo
                    ? [new TestFailure(result.Outcome == TestOutcome.Errored ? TestFailureKind.Error : TestFailureKind.Failure, result.ErrorMessage, null, result.ErrorStack)]
                    : [],
                Skip = result.Outcome == TestOutcome.Skipped ? new TestSkip(result.ErrorMessage, null, result.ErrorStack) : null,
                Properties = properties,
            };
        }

        /// <summary>A data-driven result: the parent's own output and error become the suite's, each row a case.</summary>
        static TestSuite ToDataDrivenSuite(TrxResult parent, string? className, TrxDefinition? definition)
        {
            var parentCase = ToCase(parent, className, definition);
            return new TestSuite
            {
                Name = parentCase.Name,
                Timestamp = parent.StartTime,
                Duration = parent.Duration,
                Hostname = parent.ComputerName,
                Properties = [new TestProperty(TrxOutcomes.Property, parent.OutcomeText), .. parentCase.Properties.Where(p => p.Name != TrxOutcomes.Property)],
                Cases = parent.Inner.Select(row => ToCase(row, className, definition)).ToArray(),
                Errors = parent.HasErrorInfo && parent.Outcome is TestOutcome.Failed or TestOutcome.Errored
                    ? [new TestFailure(parent.Outcome == TestOutcome.Errored ? TestFailureKind.Error : TestFailureKind.Failure, parent.ErrorMessage, null, parent.ErrorStack)]
                    : [],
                Stdout = parent.Stdout,
                Stderr = parent.Stderr,
            };
        }
    }
}
