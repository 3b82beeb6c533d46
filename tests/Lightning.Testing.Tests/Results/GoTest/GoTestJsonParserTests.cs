using Lightning.Testing.Results;
using Lightning.Testing.Results.GoTest;

namespace Lightning.Testing.Tests.Results.GoTest;

public sealed class GoTestJsonParserTests
{
    readonly GoTestJsonParser _parser = new();

    [Fact]
    public async Task Parse_Events_GiveOneSuitePerPackageAndOneCasePerTest()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Time":"2026-11-24T10:00:00.000000001Z","Action":"start","Package":"example.com/m"}
            {"Time":"2026-11-24T10:00:00.1Z","Action":"run","Package":"example.com/m","Test":"TestA"}
            {"Time":"2026-11-24T10:00:00.1Z","Action":"output","Package":"example.com/m","Test":"TestA","Output":"=== RUN   TestA\n"}
            {"Time":"2026-11-24T10:00:00.1Z","Action":"output","Package":"example.com/m","Test":"TestA","Output":"    a_test.go:9: got 1\n"}
            {"Time":"2026-11-24T10:00:00.1Z","Action":"output","Package":"example.com/m","Test":"TestA","Output":"    a_test.go:10: want 2\n"}
            {"Time":"2026-11-24T10:00:00.1Z","Action":"output","Package":"example.com/m","Test":"TestA","Output":"--- FAIL: TestA (0.01s)\n"}
            {"Time":"2026-11-24T10:00:00.2Z","Action":"fail","Package":"example.com/m","Test":"TestA","Elapsed":0.01}
            {"Time":"2026-11-24T10:00:00.2Z","Action":"run","Package":"example.com/m","Test":"TestB"}
            {"Time":"2026-11-24T10:00:00.2Z","Action":"output","Package":"example.com/m","Test":"TestB","Output":"    b_test.go:3: not here\n"}
            {"Time":"2026-11-24T10:00:00.2Z","Action":"skip","Package":"example.com/m","Test":"TestB","Elapsed":0}
            {"Time":"2026-11-24T10:00:00.3Z","Action":"output","Package":"example.com/m","Output":"FAIL\texample.com/m\t0.2s\n"}
            {"Time":"2026-11-24T10:00:00.3Z","Action":"fail","Package":"example.com/m","Elapsed":0.2}
            """);

        run.Framework.ShouldBe("go");
        run.StartedAt.ShouldBe(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero), "nanoseconds below a tick are cut");
        run.Duration.ShouldBe(TimeSpan.FromMilliseconds(300));
        var suite = run.Suites.ShouldHaveSingleItem();
        (suite.Name, suite.Duration, suite.Stdout).ShouldBe(("example.com/m", TimeSpan.FromMilliseconds(200), "FAIL\texample.com/m\t0.2s\n"));
        suite.Errors.ShouldBeEmpty("a failing test explains the package's failure");
        var a = run.Case("TestA");
        (a.Id, a.Outcome, a.Duration).ShouldBe(("example.com/m::TestA", TestOutcome.Failed, TimeSpan.FromMilliseconds(10)));
        a.Stdout.ShouldBe("    a_test.go:9: got 1\n    a_test.go:10: want 2\n", "framing lines are left out");
        a.Failure!.Message.ShouldBe("a_test.go:10: want 2");
        run.Case("TestB").Skip!.Message.ShouldBe("b_test.go:3: not here");
    }

    [Fact]
    public async Task Parse_Subtests_AreCasesAndTheParentNamesTheFailedOnes()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Action":"run","Package":"m","Test":"TestT"}
            {"Action":"run","Package":"m","Test":"TestT/one"}
            {"Action":"run","Package":"m","Test":"TestT/two"}
            {"Action":"pass","Package":"m","Test":"TestT/one","Elapsed":0}
            {"Action":"fail","Package":"m","Test":"TestT/two","Elapsed":0}
            {"Action":"fail","Package":"m","Test":"TestT","Elapsed":0}
            {"Action":"fail","Package":"m","Elapsed":0.01}
            """);

        run.EnumerateCases().Select(c => (c.Name, c.Outcome)).ShouldBe([("TestT", TestOutcome.Failed), ("TestT/one", TestOutcome.Passed), ("TestT/two", TestOutcome.Failed)]);
        run.Case("TestT").Failure!.Message.ShouldBe("Failed subtests: TestT/two");
    }

    [Fact]
    public async Task Parse_PausedAndContinuedTests_KeepTheirOwnOutput()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Action":"run","Package":"m","Test":"TestA"}
            {"Action":"output","Package":"m","Test":"TestA","Output":"=== PAUSE TestA\n"}
            {"Action":"pause","Package":"m","Test":"TestA"}
            {"Action":"run","Package":"m","Test":"TestB"}
            {"Action":"cont","Package":"m","Test":"TestA"}
            {"Action":"output","Package":"m","Test":"TestA","Output":"=== CONT  TestA\n"}
            {"Action":"output","Package":"m","Test":"TestB","Output":"b says\n"}
            {"Action":"output","Package":"m","Test":"TestA","Output":"a says\n"}
            {"Action":"pass","Package":"m","Test":"TestB","Elapsed":0.01}
            {"Action":"pass","Package":"m","Test":"TestA","Elapsed":0.02}
            {"Action":"pass","Package":"m","Elapsed":0.03}
            """);

        run.Case("TestA").Stdout.ShouldBe("a says\n");
        run.Case("TestB").Stdout.ShouldBe("b says\n");
    }

    [Fact]
    public async Task Parse_PanickingTest_IsErroredWithThePanic()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Action":"run","Package":"m","Test":"TestP"}
            {"Action":"output","Package":"m","Test":"TestP","Output":"--- FAIL: TestP (0.00s)\n"}
            {"Action":"output","Package":"m","Test":"TestP","Output":"panic: boom [recovered]\n"}
            {"Action":"output","Package":"m","Test":"TestP","Output":"goroutine 7 [running]:\n"}
            {"Action":"fail","Package":"m","Test":"TestP","Elapsed":0}
            {"Action":"fail","Package":"m","Elapsed":0}
            """);

        var testCase = run.Case("TestP");
        testCase.Outcome.ShouldBe(TestOutcome.Errored);
        testCase.Failure.ShouldBe(new TestFailure(TestFailureKind.Error, "panic: boom [recovered]", "panic", "panic: boom [recovered]\ngoroutine 7 [running]:\n"));
    }

    [Fact]
    public async Task Parse_TestThatNeverFinished_IsErrored()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Action":"run","Package":"m","Test":"TestHangs"}
            {"Action":"output","Package":"m","Output":"panic: test timed out after 1s\n"}
            {"Action":"fail","Package":"m","Elapsed":1}
            """);

        run.Case("TestHangs").Outcome.ShouldBe(TestOutcome.Errored);
        run.Case("TestHangs").Failure!.Message.ShouldBe("The test did not finish: its package failed.");
    }

    [Fact]
    public async Task Parse_PackageFailingOutsideTests_IsThePackagesError()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Action":"output","Package":"m","Output":"TestMain exploded\n"}
            {"Action":"fail","Package":"m","Elapsed":0}
            """);

        var error = run.Suites[0].Errors.ShouldHaveSingleItem();
        (error.Type, error.Stack).ShouldBe(("package-failed", "TestMain exploded\n"));
    }

    [Fact]
    public async Task Parse_Go119BuildFailure_TextLinesBecomeThePackagesError()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            # example.com/m/broken [example.com/m/broken.test]
            broken/broken.go:3:28: cannot use "x" as int value
            FAIL	example.com/m/broken [build failed]
            {"Action":"pass","Package":"example.com/m/ok","Elapsed":0}
            something else entirely
            """);

        var broken = run.Suite("example.com/m/broken");
        broken.Errors.ShouldBe([new TestFailure(TestFailureKind.Error, "The package did not build.", "build-failed",
            "# example.com/m/broken [example.com/m/broken.test]\nbroken/broken.go:3:28: cannot use \"x\" as int value\n")]);
        run.Stdout.ShouldBe("something else entirely\n");
        run.Totals.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task Parse_Go124BuildEvents_BecomeThePackagesError()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"ImportPath":"m/broken [m/broken.test]","Action":"build-output","Output":"# m/broken\n"}
            {"ImportPath":"m/broken [m/broken.test]","Action":"build-output","Output":"broken.go:3: bad\n"}
            {"ImportPath":"m/broken [m/broken.test]","Action":"build-fail"}
            {"Action":"start","Package":"m/broken"}
            {"Action":"output","Package":"m/broken","Output":"FAIL\tm/broken [build failed]\n"}
            {"Action":"fail","Package":"m/broken","Elapsed":0,"FailedBuild":"m/broken [m/broken.test]"}
            """);

        run.Suites.ShouldHaveSingleItem().Errors.ShouldHaveSingleItem().Stack.ShouldBe("# m/broken\nbroken.go:3: bad\n");
    }

    [Fact]
    public async Task Parse_BenchAction_IsAPassedCaseWithItsResult()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            {"Action":"output","Package":"m","Test":"BenchmarkJoin","Output":"--- BENCH: BenchmarkJoin\n"}
            {"Action":"bench","Package":"m","Test":"BenchmarkJoin","Output":"BenchmarkJoin-2  100  58.49 ns/op\n"}
            {"Action":"pass","Package":"m","Elapsed":0.01}
            """);

        run.Case("BenchmarkJoin").Outcome.ShouldBe(TestOutcome.Passed);
        run.Case("BenchmarkJoin").Stdout.ShouldBe("BenchmarkJoin-2  100  58.49 ns/op\n");
    }

    [Fact]
    public async Task Parse_BrokenJsonLine_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, """
            {"Action":"run","Package":"m","Test":"TestA"}
            {"Action":"pass","Package":"m","Test":
            """, "go.jsonl"));

        error.Line.ShouldBe(2);
        error.Message.ShouldStartWith("go.jsonl:2: Not a go test -json event:");
    }

    [Fact]
    public async Task Parse_ObjectWithoutAction_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "\n{\"Package\":\"m\"}\n", "go.jsonl"));

        error.Message.ShouldBe("go.jsonl:2: Not a go test -json event: the object has no \"Action\".");
    }
}
