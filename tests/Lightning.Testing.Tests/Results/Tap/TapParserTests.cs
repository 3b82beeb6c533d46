using Lightning.Testing.Results;
using Lightning.Testing.Results.Tap;

namespace Lightning.Testing.Tests.Results.Tap;

public sealed class TapParserTests
{
    readonly TapParser _parser = new();

    [Fact]
    public async Task Parse_Tap13_PointsDirectivesAndPlanAtTheEnd()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            TAP version 13
            ok 1 - adds
            not ok 2 - divides
            ok 3 - later # SKIP no network
            not ok 4 - unwritten # TODO not yet
            ok - without a number
            ok 6
            1..6
            """, "results.tap");

        var suite = run.Suites.ShouldHaveSingleItem();
        suite.Name.ShouldBe("results.tap");
        suite.Errors.ShouldBeEmpty();
        suite.Cases.Select(c => (c.Name, c.Outcome)).ShouldBe(
        [
            ("adds", TestOutcome.Passed), ("divides", TestOutcome.Failed), ("later", TestOutcome.Skipped),
            ("unwritten", TestOutcome.Skipped), ("without a number", TestOutcome.Passed), ("6", TestOutcome.Passed),
        ]);
        run.Case("later").Skip.ShouldBe(new TestSkip("no network", "skip", null));
        run.Case("unwritten").Skip.ShouldBe(new TestSkip("not yet", "todo", null));
        run.Case("divides").Failures.ShouldHaveSingleItem().Kind.ShouldBe(TestFailureKind.Failure);
    }

    [Fact]
    public async Task Parse_YamlDiagnostics_GiveMessageTypeStackLocationDurationAndProperties()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            TAP version 14
            not ok 1 - resolves
              ---
              message: "hostname not found"
              severity: fail
              name: DnsError
              duration_ms: 12.5
              at:
                file: test/dns.c
                line: 142
              found:
                address: ~
              stack: |-
                resolve (dns.c:142)
                main (main.c:3)
              ...
            1..1
            """);

        var testCase = run.Case("resolves");
        testCase.Failure.ShouldBe(new TestFailure(TestFailureKind.Failure, "hostname not found", "DnsError", "resolve (dns.c:142)\nmain (main.c:3)"));
        testCase.File.ShouldBe("test/dns.c");
        testCase.Line.ShouldBe(142);
        testCase.Duration.ShouldBe(TimeSpan.FromMilliseconds(12.5));
        testCase.Properties.ShouldBe([new TestProperty("severity", "fail"), new TestProperty("found", """{"address":null}""")]);
    }

    [Fact]
    public async Task Parse_NodeLocation_GivesFileAndLine()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            not ok 1 - fails
              ---
              location: '/src/calc.test.js:10:3'
              error: 'boom'
              ...
            1..1
            """);

        run.Case("fails").File.ShouldBe("/src/calc.test.js");
        run.Case("fails").Line.ShouldBe(10);
        run.Case("fails").Failure!.Message.ShouldBe("boom");
    }

    [Fact]
    public async Task Parse_Escapes_FollowTap14()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            ok 1 - hello \# todo
            ok 2 - hello # todo hash \# character
            ok 3 - hello # description # todo
            ok 4 - back \\# skip slash
            1..4
            """);

        run.Suites[0].Cases.Select(c => c.Name).ShouldBe(["hello # todo", "hello", "hello # description # todo", @"back \"]);
        run.Case("hello").Properties.ShouldBe([new TestProperty("todo", "hash # character")], "a passing TODO passes, its reason kept");
        run.Case(@"back \").Outcome.ShouldBe(TestOutcome.Skipped);
    }

    [Fact]
    public async Task Parse_Subtests_NestAsSuitesNamedByTheirCorrelatedPoints()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            TAP version 14
            # Subtest: math
                # Subtest: adds
                ok 1 - adds
                    ok 1 - bare nested point
                    1..1
                ok 2 - bare nested
                1..2
            ok 1 - math
              ---
              duration_ms: 3
              ...
            # Subtest: empty
                1..0 # nothing here
            ok 2 - empty # SKIP nothing here
            1..2
            """);

        var root = run.Suites.ShouldHaveSingleItem();
        root.Errors.ShouldBeEmpty();
        var math = root.Suites.ShouldHaveSingleItem();
        math.Name.ShouldBe("math");
        math.Duration.ShouldBe(TimeSpan.FromMilliseconds(3));
        math.Cases.ShouldHaveSingleItem().Id.ShouldBe("math::adds");
        math.Suites.ShouldHaveSingleItem().Cases.ShouldHaveSingleItem().Id.ShouldBe("math::bare nested::bare nested point");
        var empty = root.Cases.ShouldHaveSingleItem();
        (empty.Name, empty.Outcome).ShouldBe(("empty", TestOutcome.Skipped));
    }

    [Fact]
    public async Task Parse_FailedSubtestWithoutAFailingCase_IsTheSuitesError()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            # Subtest: hooks
                ok 1 - runs
                1..1
            not ok 1 - hooks
              ---
              error: 'after hook threw'
              name: Error
              ...
            1..1
            """);

        run.Suite("hooks").Errors.ShouldBe([new TestFailure(TestFailureKind.Failure, "after hook threw", "Error", null)]);
    }

    [Fact]
    public async Task Parse_FailedSubtestWithAFailingCase_KeepsItsMessageAsAProperty()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            # Subtest: group
                not ok 1 - fails
                1..1
            not ok 1 - group
              ---
              error: '1 subtest failed'
              ...
            1..1
            """);

        run.Suite("group").Errors.ShouldBeEmpty();
        run.Suite("group").Properties.ShouldContain(new TestProperty("message", "1 subtest failed"));
        run.Totals.Failed.ShouldBe(1);
    }

    [Fact]
    public async Task Parse_BailOut_StopsTheRunWithAnErrorWhereItHappened()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            1..3
            ok 1 - first
            # Subtest: db
                ok 1 - connects
                Bail out! MySQL is not running.
            ok 2 - never read
            """);

        var db = run.Suite("db");
        db.Errors.ShouldBe([new TestFailure(TestFailureKind.Error, "Bail out! MySQL is not running.", "bail-out", null)]);
        run.EnumerateCases().Select(c => c.Name).ShouldBe(["first", "connects"]);
        run.Suites[0].Errors.ShouldBeEmpty("the bail out already says why the plan was not met");
    }

    [Fact]
    public async Task Parse_PlanNotMet_IsAnErrorOfTheStream()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, "1..3\nok 1\nok 2\n");

        run.Suites[0].Errors.ShouldBe([new TestFailure(TestFailureKind.Failure, "Planned 3 tests but ran 2.", "plan", null)]);
        run.Totals.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task Parse_NoPlan_IsAnErrorOfTheStream()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, "ok 1\nok 2\n");

        run.Suites[0].Errors.ShouldHaveSingleItem().Type.ShouldBe("plan");
    }

    [Fact]
    public async Task Parse_CommentsAndOtherLines_AreTheStreamsOutput()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, "TAP version 13\n# diagnostic one\nnot tap at all\nok 1\n1..1\n# tests 1\n");

        run.Suites[0].Stdout.ShouldBe("diagnostic one\nnot tap at all\ntests 1\n");
    }

    [Fact]
    public async Task Parse_SkipAllPlan_KeepsItsReason()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, "1..0 # SKIP no database\n");

        run.Suites[0].Errors.ShouldBeEmpty();
        run.Suites[0].Properties.ShouldBe([new TestProperty("planComment", "SKIP no database")]);
    }

    [Fact]
    public async Task Parse_UnsupportedVersion_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "TAP version 15\nok 1\n", "out.tap"));

        error.Message.ShouldBe("out.tap:1: TAP version 15 is not supported; versions 12 to 14 are.");
    }

    [Fact]
    public async Task Parse_UnclosedYamlBlock_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "not ok 1\n  ---\n  message: x\nok 2\n", "out.tap"));

        error.Line.ShouldBe(4);
        error.Problem.ShouldContain("starts at line 2");
    }

    [Fact]
    public async Task Parse_YamlBlockAtTheEnd_FailsNamingTheLastLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "not ok 1\n  ---\n  message: x\n", "out.tap"));

        error.Line.ShouldBe(3);
    }

    [Fact]
    public async Task Parse_InvalidYaml_FailsNamingTheLineInTheFile()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "ok 1\nnot ok 2\n  ---\n  message: x\n  bad: [unclosed\n  ...\n1..2\n", "out.tap"));

        error.Line.ShouldNotBeNull().ShouldBeInRange(4, 6);
        error.Problem.ShouldStartWith("The YAML diagnostics block is not valid YAML");
    }
}
