using System.Text;

namespace Lightning.Testing.Results.Events;

/// <summary>
/// Builds a <see cref="TestRun"/> from events as they arrive: the reader of the JSON event stream uses it, and so can
/// anything that aggregates a live run. <see cref="Build"/> can be called at any time; a case that has started but not
/// finished is reported as errored ("did not finish"), a suite that has not finished is reported as it stands.
/// Events that name an unknown suite or case, or a key twice, are rejected with <see cref="InvalidDataException"/>.
/// </summary>
public sealed class TestRunAssembler
{
    sealed class SuiteState(SuiteStartedEvent started)
    {
        public SuiteStartedEvent Started { get; } = started;
        public SuiteFinishedEvent? Finished { get; set; }
        public List<CaseState> Cases { get; } = [];
        public List<SuiteState> Suites { get; } = [];
        public StringBuilder? Stdout { get; set; }
        public StringBuilder? Stderr { get; set; }
    }

    sealed class CaseState(CaseStartedEvent started)
    {
        public CaseStartedEvent Started { get; } = started;
        public CaseFinishedEvent? Finished { get; set; }
        public List<TestAttempt> Attempts { get; } = [];
        public StringBuilder? Stdout { get; set; }
        public StringBuilder? Stderr { get; set; }
    }

    readonly List<SuiteState> _suites = [];
    readonly Dictionary<string, SuiteState> _suitesByKey = new(StringComparer.Ordinal);
    readonly Dictionary<string, CaseState> _casesByKey = new(StringComparer.Ordinal);
    RunStartedEvent? _started;
    RunFinishedEvent? _finished;
    StringBuilder? _stdout, _stderr;

    public void Apply(TestEvent testEvent)
    {
        ArgumentNullException.ThrowIfNull(testEvent);
        switch (testEvent)
        {
            case RunStartedEvent started:
                _started = started;
                break;
            case SuiteStartedEvent started:
                if (_suitesByKey.ContainsKey(started.SuiteKey))
                {
                    throw new InvalidDataException($"Suite key '{started.SuiteKey}' is used twice.");
                }

                var suite = new SuiteState(started);
                _suitesByKey[started.SuiteKey] = suite;
                (started.ParentKey is null ? _suites : Suite(started.ParentKey).Suites).Add(suite);
                break;
            case CaseStartedEvent started:
                if (_casesByKey.ContainsKey(started.CaseKey))
                {
                    throw new InvalidDataException($"Case key '{started.CaseKey}' is used twice.");
                }

                var testCase = new CaseState(started);
                _casesByKey[started.CaseKey] = testCase;
                Suite(started.SuiteKey).Cases.Add(testCase);
                break;
            case OutputEvent output:
                ApplyOutput(output);
                break;
            case AttemptEvent attempt:
                Case(attempt.CaseKey).Attempts.Add(attempt.Attempt);
                break;
            case CaseFinishedEvent finished:
                Case(finished.CaseKey).Finished = finished;
                break;
            case SuiteFinishedEvent finished:
                Suite(finished.SuiteKey).Finished = finished;
                break;
            case RunFinishedEvent finished:
                _finished = finished;
                break;
        }
    }

    void ApplyOutput(OutputEvent output)
    {
        if (output.CaseKey is { } caseKey)
        {
            var testCase = Case(caseKey);
            if (output.Stream == TestOutputStream.Stdout)
            {
                (testCase.Stdout ??= new StringBuilder()).Append(output.Text);
            }
            else
            {
                (testCase.Stderr ??= new StringBuilder()).Append(output.Text);
            }
        }
        else if (output.SuiteKey is { } suiteKey)
        {
            var suite = Suite(suiteKey);
            if (output.Stream == TestOutputStream.Stdout)
            {
                (suite.Stdout ??= new StringBuilder()).Append(output.Text);
            }
            else
            {
                (suite.Stderr ??= new StringBuilder()).Append(output.Text);
            }
        }
        else if (output.Stream == TestOutputStream.Stdout)
        {
            (_stdout ??= new StringBuilder()).Append(output.Text);
        }
        else
        {
            (_stderr ??= new StringBuilder()).Append(output.Text);
        }
    }

    SuiteState Suite(string key) =>
        _suitesByKey.TryGetValue(key, out var suite) ? suite : throw new InvalidDataException($"No suite-started event for suite key '{key}'.");

    CaseState Case(string key) =>
        _casesByKey.TryGetValue(key, out var testCase) ? testCase : throw new InvalidDataException($"No case-started event for case key '{key}'.");

    public TestRun Build() => new()
    {
        Name = _started?.Name,
        Framework = _started?.Framework,
        StartedAt = _started?.At,
        FinishedAt = _finished?.At,
        Duration = _finished?.Duration,
        Suites = _suites.Select(BuildSuite).ToArray(),
        Stdout = _stdout?.ToString(),
        Stderr = _stderr?.ToString(),
        Messages = _finished?.Messages ?? [],
        Properties = _started?.Properties ?? [],
    };

    static TestSuite BuildSuite(SuiteState suite) => new()
    {
        Name = suite.Started.Name,
        File = suite.Started.File,
        Timestamp = suite.Started.At,
        Duration = suite.Finished?.Duration,
        Hostname = suite.Started.Hostname,
        Properties = suite.Started.Properties,
        Cases = suite.Cases.Select(BuildCase).ToArray(),
        Suites = suite.Suites.Select(BuildSuite).ToArray(),
        Errors = suite.Finished?.Errors ?? [],
        Stdout = suite.Stdout?.ToString(),
        Stderr = suite.Stderr?.ToString(),
    };

    static TestCase BuildCase(CaseState testCase)
    {
        var started = testCase.Started;
        var finished = testCase.Finished;
        return new TestCase
        {
            Id = started.Id,
            Name = started.Name,
            ClassName = started.ClassName,
            File = started.File,
            Line = started.Line,
            StartedAt = started.At,
            Outcome = finished?.Outcome ?? TestOutcome.Errored,
            Duration = finished?.Duration,
            Failures = finished?.Failures ?? [new TestFailure(TestFailureKind.Error, "The case did not finish.", "unfinished", null)],
            Skip = finished?.Skip,
            Properties = finished?.Properties ?? [],
            Attempts = testCase.Attempts.ToArray(),
            Stdout = testCase.Stdout?.ToString(),
            Stderr = testCase.Stderr?.ToString(),
        };
    }
}
