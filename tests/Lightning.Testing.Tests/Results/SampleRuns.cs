using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Results;

/// <summary>Hand-built runs that use every part of the model, for the exporters' and event stream's tests.</summary>
internal static class SampleRuns
{
    static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 30, 0, 123, TimeSpan.FromHours(1));

    public static TestRun Rich() => new()
    {
        Name = "nightly",
        StartedAt = Start,
        FinishedAt = Start.AddSeconds(4),
        Duration = TimeSpan.FromSeconds(4),
        Properties = [new TestProperty("branch", "main")],
        Suites =
        [
            new TestSuite
            {
                Name = "com.example.CalcTest",
                File = "src/test/java/com/example/CalcTest.java",
                Timestamp = Start,
                Duration = TimeSpan.FromTicks(12_345_678),
                Hostname = "build-7",
                Properties = [new TestProperty("java.version", "17"), new TestProperty("java.version", "again")],
                Stdout = "suite out\r\nwith a carriage return",
                Stderr = "suite err",
                Cases =
                [
                    new TestCase
                    {
                        Id = "com.example.CalcTest::adds",
                        Name = "adds",
                        ClassName = "com.example.CalcTest",
                        File = "CalcTest.java",
                        Line = 12,
                        Outcome = TestOutcome.Passed,
                        Duration = TimeSpan.FromMilliseconds(5),
                        StartedAt = Start.AddMilliseconds(1),
                        Stdout = "grüße 日本語 🚀 <&> \"quoted\" ]]> end",
                        Properties = [new TestProperty("ticket", "LIGHT-5")],
                    },
                    new TestCase
                    {
                        Id = "com.example.CalcTest::divides",
                        Name = "divides",
                        ClassName = "com.example.CalcTest",
                        Outcome = TestOutcome.Failed,
                        Duration = TimeSpan.FromSeconds(1),
                        Stderr = "err\n",
                        Failures =
                        [
                            new TestFailure(TestFailureKind.Failure, "expected: <3>\nbut was: <4>", "AssertionError", "at CalcTest.divides(CalcTest.java:20)"),
                            new TestFailure(TestFailureKind.Error, "teardown failed", "IOException", null),
                        ],
                    },
                    new TestCase
                    {
                        Id = "com.example.CalcTest::flaky",
                        Name = "flaky",
                        ClassName = "com.example.CalcTest",
                        Outcome = TestOutcome.Flaky,
                        Duration = TimeSpan.FromSeconds(2),
                        Attempts =
                        [
                            new TestAttempt { Number = 1, Outcome = TestOutcome.Failed, Duration = TimeSpan.FromSeconds(1), Failure = new TestFailure(TestFailureKind.Failure, "first", "AssertionError", "trace 1"), Stdout = "try 1" },
                            new TestAttempt { Number = 2, Outcome = TestOutcome.Errored, Failure = new TestFailure(TestFailureKind.Error, "second", "IOException", "trace 2"), Stderr = "try 2" },
                            new TestAttempt { Number = 3, Outcome = TestOutcome.Passed },
                        ],
                    },
                    new TestCase
                    {
                        Id = "com.example.CalcTest::ignored",
                        Name = "ignored",
                        ClassName = "com.example.CalcTest",
                        Outcome = TestOutcome.Skipped,
                        Duration = TimeSpan.Zero,
                        Skip = new TestSkip("not today", "disabled", "details"),
                    },
                ],
                Suites =
                [
                    new TestSuite
                    {
                        Name = "com.example.CalcTest::parametrised",
                        Errors = [new TestFailure(TestFailureKind.Error, "setup failed", "IllegalStateException", "trace")],
                        Cases =
                        [
                            new TestCase
                            {
                                Id = "com.example.CalcTest::add(1, 2)",
                                Name = "add(1, 2)",
                                ClassName = "com.example.CalcTest",
                                Outcome = TestOutcome.Errored,
                                Failures = [new TestFailure(TestFailureKind.Error, "boom", null, "trace")],
                                Attempts =
                                [
                                    new TestAttempt { Number = 1, Outcome = TestOutcome.Errored, Failure = new TestFailure(TestFailureKind.Error, "boom", null, "trace") },
                                    new TestAttempt { Number = 2, Outcome = TestOutcome.Errored, Duration = TimeSpan.FromMilliseconds(250), Failure = new TestFailure(TestFailureKind.Error, "boom again", "IOException", "trace 2"), Stdout = "rerun" },
                                ],
                            },
                        ],
                    },
                ],
            },
        ],
        Stdout = "run out",
        Stderr = "run err",
    };
}
