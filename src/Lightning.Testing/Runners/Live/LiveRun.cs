using System.Globalization;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;

namespace Lightning.Testing.Runners.Live;

/// <summary>
/// The live event stream of one project's run. Framework translators announce cases, output and outcomes as the test
/// process reports them; this class names suites and cases by key (<c>s1</c>, <c>c1</c>), publishes the events and keeps
/// what it published assembled. During a retry pass a case's finish becomes an <see cref="AttemptEvent"/> of the case
/// first seen. When the run ends, <see cref="FinishRunAsync"/> squares the stream with the report, the source of truth:
/// a case the report has and the stream missed, or finished differently, is sent again from the report with no time
/// (<see cref="TestEvent.At"/> null, as for any event replayed from a report), then suites and the run finish.
/// </summary>
internal sealed class LiveRun(Func<TestEvent, ValueTask> publish, TimeProvider time)
{
    sealed class CaseState(string key, LiveCase info)
    {
        public string Key { get; } = key;
        public LiveCase Info { get; } = info;
        public TestOutcome? Outcome { get; set; }
    }

    readonly TestRunAssembler _assembler = new();
    readonly Dictionary<string, string> _suiteKeys = new(StringComparer.Ordinal);
    readonly Dictionary<string, CaseState> _cases = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<CaseState>> _casesById = new(StringComparer.Ordinal);
    readonly Dictionary<string, string?> _passKeys = new(StringComparer.Ordinal);
    int _suiteCount, _caseCount, _attempt = 1;
    IReadOnlySet<string>? _retrying;

    /// <summary>Everything published so far but the run's own output, as a run (cases still running are "did not finish").</summary>
    public TestRun Assembled => _assembler.Build();

    /// <summary>Selectors the framework gave for each case id (the first case with that id).</summary>
    public string? SelectorOf(string id) => _casesById.TryGetValue(id, out var cases) ? cases[0].Info.Selector : null;

    public string? CaseKeyOf(string id) => _casesById.TryGetValue(id, out var cases) ? cases[0].Key : null;

    public int CaseCount => _cases.Count;

    DateTimeOffset Now => time.GetUtcNow();

    public ValueTask StartRunAsync(string name, string framework) =>
        PublishAsync(new RunStartedEvent { At = Now, Name = name, Framework = framework });

    /// <summary>A new pass of the test process: the first (attempt 1), or a retry of the cases in <paramref name="retrying"/>.</summary>
    public void BeginPass(int attempt, IReadOnlySet<string>? retrying)
    {
        _attempt = attempt;
        _retrying = retrying;
        _passKeys.Clear();
    }

    /// <summary>A case began; <paramref name="key"/> is the translator's own name for it within this pass.</summary>
    public async ValueTask StartCaseAsync(string key, LiveCase info)
    {
        if (_passKeys.ContainsKey(key))
        {
            return;
        }

        if (_attempt > 1)
        {
            // Retries run by selectors that may catch more than the failed cases: only those retried are followed.
            _passKeys[key] = _retrying is not null && _retrying.Contains(info.Id) ? CaseKeyOf(info.Id) : null;
            return;
        }

        var suiteKey = await SuiteAsync(info.Suite, Now);
        var state = new CaseState("c" + (++_caseCount).ToString(CultureInfo.InvariantCulture), info);
        _cases[state.Key] = state;
        if (!_casesById.TryGetValue(info.Id, out var sameId))
        {
            _casesById[info.Id] = sameId = [];
        }

        sameId.Add(state);
        _passKeys[key] = state.Key;
        await PublishAsync(new CaseStartedEvent
        {
            At = Now,
            SuiteKey = suiteKey,
            CaseKey = state.Key,
            Id = info.Id,
            Name = info.Name,
            ClassName = info.ClassName,
            File = info.File,
            Line = info.Line,
        });
    }

    /// <summary>Output of a case (<paramref name="key"/>), or of the run when the key is null or unknown.</summary>
    public async ValueTask OutputAsync(string? key, TestOutputStream stream, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (key is not null && _passKeys.TryGetValue(key, out var caseKey))
        {
            if (caseKey is not null && _attempt == 1)
            {
                await PublishAsync(new OutputEvent { At = Now, CaseKey = caseKey, Stream = stream, Text = text });
            }

            // A retried case's output belongs to its attempt, which the retry's report gives.
            return;
        }

        await PublishAsync(new OutputEvent { At = Now, Stream = stream, Text = text });
    }

    /// <summary>Output of a suite outside its cases (a Go package's summary, a Jest file's console).</summary>
    public async ValueTask SuiteOutputAsync(string suite, TestOutputStream stream, string text)
    {
        if (text.Length == 0 || _attempt > 1)
        {
            return;
        }

        await PublishAsync(new OutputEvent { At = Now, SuiteKey = await SuiteAsync(suite, Now), Stream = stream, Text = text });
    }

    public async ValueTask FinishCaseAsync(string key, TestOutcome outcome, TimeSpan? duration, IReadOnlyList<TestFailure> failures, TestSkip? skip)
    {
        if (!_passKeys.TryGetValue(key, out var caseKey) || caseKey is null)
        {
            return;
        }

        if (_attempt > 1)
        {
            await PublishAsync(new AttemptEvent
            {
                At = Now,
                CaseKey = caseKey,
                Attempt = new TestAttempt { Number = _attempt, Outcome = outcome, Duration = duration, Failure = failures.Count > 0 ? failures[0] : null },
            });
            return;
        }

        _cases[caseKey].Outcome = outcome;
        CaseFinishedEvent finished = outcome switch
        {
            TestOutcome.Passed or TestOutcome.Flaky => new CasePassedEvent { CaseKey = caseKey, Outcome = outcome },
            TestOutcome.Skipped => new CaseSkippedEvent { CaseKey = caseKey, Outcome = outcome },
            _ => new CaseFailedEvent { CaseKey = caseKey, Outcome = outcome },
        };
        await PublishAsync(finished with { At = Now, Duration = duration, Failures = failures, Skip = skip });
    }

    /// <summary>An attempt the runner knows of outside a pass: a retried case's first run, from the first report.</summary>
    public ValueTask AttemptAsync(string caseKey, TestAttempt attempt) =>
        PublishAsync(new AttemptEvent { At = Now, CaseKey = caseKey, Attempt = attempt });

    /// <summary>A retried case's final outcome (flaky, or failed every time) once its retries are over.</summary>
    public ValueTask FinishRetriedAsync(string caseKey, TestCase merged)
    {
        _cases[caseKey].Outcome = merged.Outcome;
        return PublishAsync(CaseFinishedEvent.For(merged, caseKey, Now));
    }

    /// <summary>Squares the stream with the final run, then finishes every suite and the run.</summary>
    public async ValueTask FinishRunAsync(TestRun final)
    {
        ArgumentNullException.ThrowIfNull(final);
        var unmatched = _casesById.ToDictionary(pair => pair.Key, pair => new Queue<CaseState>(pair.Value), StringComparer.Ordinal);
        foreach (var suite in final.EnumerateSuites())
        {
            foreach (var testCase in suite.Cases)
            {
                if (unmatched.TryGetValue(testCase.Id, out var queue) && queue.TryDequeue(out var state))
                {
                    if (state.Outcome != testCase.Outcome)
                    {
                        state.Outcome = testCase.Outcome;
                        await PublishAsync(CaseFinishedEvent.For(testCase, state.Key, at: null));
                    }

                    continue;
                }

                await ReplayCaseAsync(suite.Name, testCase);
            }
        }

        var errors = new Dictionary<string, List<TestFailure>>(StringComparer.Ordinal);
        var durations = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var suite in final.EnumerateSuites())
        {
            if (suite.Duration is { } duration)
            {
                durations.TryAdd(suite.Name, duration);
            }

            if (suite.Errors.Count > 0)
            {
                var key = await SuiteAsync(suite.Name, at: null);
                if (!errors.TryGetValue(key, out var list))
                {
                    errors[key] = list = [];
                }

                list.AddRange(suite.Errors);
            }
        }

        foreach (var (name, key) in _suiteKeys)
        {
            await PublishAsync(new SuiteFinishedEvent
            {
                At = Now,
                SuiteKey = key,
                Duration = durations.TryGetValue(name, out var duration) ? duration : null,
                Errors = errors.TryGetValue(key, out var list) ? list : [],
            });
        }

        await PublishAsync(new RunFinishedEvent { At = Now, Duration = final.Duration, Totals = final.Totals, Messages = final.Messages });
    }

    async ValueTask ReplayCaseAsync(string suiteName, TestCase testCase)
    {
        var suiteKey = await SuiteAsync(suiteName, at: null);
        var caseKey = "c" + (++_caseCount).ToString(CultureInfo.InvariantCulture);
        var state = new CaseState(caseKey, new LiveCase(suiteName, testCase.Id, testCase.Name, testCase.ClassName, testCase.File, testCase.Line, null))
        {
            Outcome = testCase.Outcome,
        };
        _cases[caseKey] = state;
        await PublishAsync(new CaseStartedEvent
        {
            SuiteKey = suiteKey,
            CaseKey = caseKey,
            Id = testCase.Id,
            Name = testCase.Name,
            ClassName = testCase.ClassName,
            File = testCase.File,
            Line = testCase.Line,
        });
        if (testCase.Stdout is not null)
        {
            await PublishAsync(new OutputEvent { CaseKey = caseKey, Stream = TestOutputStream.Stdout, Text = testCase.Stdout });
        }

        if (testCase.Stderr is not null)
        {
            await PublishAsync(new OutputEvent { CaseKey = caseKey, Stream = TestOutputStream.Stderr, Text = testCase.Stderr });
        }

        foreach (var attempt in testCase.Attempts)
        {
            await PublishAsync(new AttemptEvent { CaseKey = caseKey, Attempt = attempt });
        }

        await PublishAsync(CaseFinishedEvent.For(testCase, caseKey, at: null));
    }

    async ValueTask<string> SuiteAsync(string name, DateTimeOffset? at)
    {
        if (_suiteKeys.TryGetValue(name, out var key))
        {
            return key;
        }

        key = "s" + (++_suiteCount).ToString(CultureInfo.InvariantCulture);
        _suiteKeys[name] = key;
        await PublishAsync(new SuiteStartedEvent { At = at, SuiteKey = key, Name = name });
        return key;
    }

    async ValueTask PublishAsync(TestEvent testEvent)
    {
        // The run's own output is kept bounded by the runner; only what belongs to suites and cases is assembled here.
        if (testEvent is not OutputEvent { CaseKey: null, SuiteKey: null })
        {
            _assembler.Apply(testEvent);
        }

        await publish(testEvent);
    }
}
