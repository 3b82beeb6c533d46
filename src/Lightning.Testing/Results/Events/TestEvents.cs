using System.Globalization;

namespace Lightning.Testing.Results.Events;

/// <summary>Turns a finished run into the events a live run would have sent, in order.</summary>
public static class TestEvents
{
    /// <summary>
    /// run-started; per suite (depth first): suite-started, per case case-started, output, attempts and its finish
    /// event, nested suites, the suite's own output, suite-finished; the run's output; run-finished. Keys are
    /// <c>s1, s2, ...</c> for suites and <c>c1, c2, ...</c> for cases.
    /// </summary>
    public static IEnumerable<TestEvent> From(TestRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Enumerate(run);
    }

    static IEnumerable<TestEvent> Enumerate(TestRun run)
    {
        var keys = new Keys();
        yield return new RunStartedEvent { At = run.StartedAt, Name = run.Name, Framework = run.Framework, Properties = run.Properties };
        foreach (var suite in run.Suites)
        {
            foreach (var suiteEvent in FromSuite(suite, null, keys))
            {
                yield return suiteEvent;
            }
        }

        foreach (var output in Output(null, null, run.Stdout, run.Stderr))
        {
            yield return output;
        }

        yield return new RunFinishedEvent { At = run.FinishedAt, Duration = run.Duration, Totals = run.Totals, Messages = run.Messages };
    }

    static IEnumerable<TestEvent> FromSuite(TestSuite suite, string? parentKey, Keys keys)
    {
        var suiteKey = keys.NextSuite();
        yield return new SuiteStartedEvent
        {
            At = suite.Timestamp,
            SuiteKey = suiteKey,
            ParentKey = parentKey,
            Name = suite.Name,
            File = suite.File,
            Hostname = suite.Hostname,
            Properties = suite.Properties,
        };

        foreach (var testCase in suite.Cases)
        {
            var caseKey = keys.NextCase();
            yield return new CaseStartedEvent
            {
                At = testCase.StartedAt,
                SuiteKey = suiteKey,
                CaseKey = caseKey,
                Id = testCase.Id,
                Name = testCase.Name,
                ClassName = testCase.ClassName,
                File = testCase.File,
                Line = testCase.Line,
            };

            foreach (var output in Output(null, caseKey, testCase.Stdout, testCase.Stderr))
            {
                yield return output;
            }

            foreach (var attempt in testCase.Attempts)
            {
                yield return new AttemptEvent { CaseKey = caseKey, Attempt = attempt };
            }

            yield return CaseFinishedEvent.For(testCase, caseKey, at: null);
        }

        foreach (var nested in suite.Suites)
        {
            foreach (var nestedEvent in FromSuite(nested, suiteKey, keys))
            {
                yield return nestedEvent;
            }
        }

        foreach (var output in Output(suiteKey, null, suite.Stdout, suite.Stderr))
        {
            yield return output;
        }

        yield return new SuiteFinishedEvent { SuiteKey = suiteKey, Duration = suite.Duration, Errors = suite.Errors };
    }

    static IEnumerable<OutputEvent> Output(string? suiteKey, string? caseKey, string? stdout, string? stderr)
    {
        if (stdout is not null)
        {
            yield return new OutputEvent { SuiteKey = suiteKey, CaseKey = caseKey, Stream = TestOutputStream.Stdout, Text = stdout };
        }

        if (stderr is not null)
        {
            yield return new OutputEvent { SuiteKey = suiteKey, CaseKey = caseKey, Stream = TestOutputStream.Stderr, Text = stderr };
        }
    }

    sealed class Keys
    {
        int _suites, _cases;

        public string NextSuite() => "s" + (++_suites).ToString(CultureInfo.InvariantCulture);

        public string NextCase() => "c" + (++_cases).ToString(CultureInfo.InvariantCulture);
    }
}
