using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Results;

/// <summary>
/// What each real tool's report must mean, written from the fixture projects' sources (Golden/*/fixture): the
/// passing, failing, erroring, skipped, parametrised and unicode tests come out as those tests, whatever the format.
/// </summary>
public sealed class GoldenContentTests
{
    [Theory]
    [InlineData("pytest/pytest-xunit1.xml")]
    [InlineData("pytest/pytest-xunit2.xml")]
    public async Task Pytest_BothFamilies_DescribeTheFixture(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);

        run.Framework.ShouldBe("pytest");
        run.Totals.ShouldBe(run.Totals with { Total = 14, Passed = 5, Failed = 5, Errored = 1, Skipped = 3, Flaky = 0 });
        run.Case("test_add_parametrised[10--1-8]").Failure!.Message.ShouldBe("assert 9 == 8\n +  where 9 = add(10, -1)");
        run.Case("test_add_parametrised[1-1-2]").Outcome.ShouldBe(TestOutcome.Passed);
        run.Case("test_with_broken_fixture").Failure.ShouldBe(run.Case("test_with_broken_fixture").Failure! with { Kind = TestFailureKind.Error, Message = "failed on setup with \"RuntimeError: fixture setup exploded\"" });
        run.Case("test_expected_failure").Skip!.Type.ShouldBe("pytest.xfail");
        run.Case("test_skipped").Skip!.Message.ShouldBe("not on this planet");
        run.Case("test_unicode_naïve_café").Stderr!.ShouldContain("stderr: ошибка <&> \"quoted\"");
        run.Case("test_method_fails").Id.ShouldBe("test_calc.TestInClass::test_method_fails");
        run.Case("test_method_fails").Failure!.Message.ShouldBe("AssertionError: class method failed: ünïcödé");
        if (file.EndsWith("xunit1.xml", StringComparison.Ordinal))
        {
            run.Case("test_add_passes").Line.ShouldBe(8, "def test_add_passes() is on line 8 of test_calc.py");
            run.Case("test_method_passes").Properties.ShouldBe([new TestProperty("ticket", "LIGHT-5")]);
            run.Case("test_unicode_naïve_café").Stdout!.ShouldContain("stdout: grüße, 日本語, emoji #x1F680", Case.Sensitive, "pytest writes characters outside the BMP that way");
        }
        else
        {
            run.Case("test_add_passes").Line.ShouldBeNull("xunit2 has no line attribute");
        }
    }

    [Fact]
    public async Task JestJunit_WithOptions_DescribesTheFixtureAndTheSuiteThatFailedToRun()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("jest/jest-junit-options.xml");

        run.Framework.ShouldBe("jest");
        run.Case("fails on purpose").Failure!.Stack!.ShouldContain("Expected: 5\nReceived: 4");
        run.Case("add(10, -1) = 8").Outcome.ShouldBe(TestOutcome.Failed);
        run.Case("throws instead of asserting").Failure!.Message.ShouldBe("RangeError: division by zero");
        run.Case("skipped on purpose").Outcome.ShouldBe(TestOutcome.Skipped);
        run.Case("passes deep inside").Id.ShouldBe("divide nested describe::passes deep inside");
        run.Case("top-level test outside any describe").Id.ShouldBe("calc.test.js::top-level test outside any describe");
        run.Suite("add").Stdout!.ShouldContain("stdout: grüße, 日本語, emoji 🚀");
        var broken = run.Suite("broken.test.js").Cases;
        broken.Select(c => c.Outcome).ShouldBe([TestOutcome.Errored, TestOutcome.Failed]);
        broken[0].Failure!.Stack!.ShouldContain("Cannot find module './does-not-exist'");
    }

    [Fact]
    public async Task JUnit5_ConsoleLauncher_DescribesTheFixture()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("junit5/TEST-junit-jupiter.xml");

        run.Framework.ShouldBe("junit5");
        run.Totals.ShouldBe(run.Totals with { Total = 10, Passed = 5, Failed = 2, Errored = 1, Skipped = 2 });
        run.Case("divideByZeroErrorsOut()").Failure.ShouldBe(run.Case("divideByZeroErrorsOut()").Failure! with { Kind = TestFailureKind.Error, Message = "/ by zero", Type = "java.lang.ArithmeticException" });
        run.Case("addParametrised(int, int, int)[3]").Stdout!.ShouldContain("display-name: add(10, -1) = 8");
        run.Case("disabled()").Skip!.Message.ShouldBe("not on this planet");
        run.Case("abortedByAssumption()").Skip!.Message.ShouldBe("org.opentest4j.TestAbortedException: Assumption failed: assumption does not hold here");
        run.Case("unicodeOutput()").Stdout!.ShouldContain("stdout: grüße, 日本語, emoji 🚀 <&> \"quoted\" ]]> end");
        run.Case("unicodeOutput()").Stderr!.ShouldContain("stderr: ошибка");
        run.Case("passesDeepInside()").ClassName.ShouldBe("com.example.calc.CalcTest$WhenNested");
    }

    [Fact]
    public async Task PhpUnit_NestedSuites_DescribeTheFixture()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("phpunit/phpunit-junit.xml");

        run.Framework.ShouldBe("phpunit");
        run.Suite("CalcTest::testAddParametrised").Cases.Count.ShouldBe(3);
        run.Case("testAddParametrised with data set \"ten+minus one\"").Failure!.Message.ShouldBe("Failed asserting that 9 is identical to 8.");
        run.Case("testDivideByZeroErrorsOut").Failure!.Type.ShouldBe("DivisionByZeroError");
        run.Case("testRiskyWithoutAssertions").Outcome.ShouldBe(TestOutcome.Errored);
        run.Case("testIncomplete").Outcome.ShouldBe(TestOutcome.Skipped);
        run.Case("testUnicodeOutput").Stdout.ShouldBe("stdout: grüße, 日本語, emoji 🚀 <&> \"quoted\"\n");
        run.Case("testAddPasses").Line.ShouldBe(11);
    }

    [Fact]
    public async Task RSpec_JunitFormatter_DescribesTheFixture()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("rspec/rspec-junit.xml");

        run.Framework.ShouldBe("rspec");
        run.Suites[0].Properties.ShouldBe([new TestProperty("seed", "1234")]);
        run.Case("Calc.divide raises instead of asserting").Failure.ShouldBe(run.Case("Calc.divide raises instead of asserting").Failure! with { Message = "divided by 0", Type = "ZeroDivisionError" });
        run.Case("Calc.add adds 10 and -1 to make 8").Failure!.Stack!.ShouldContain("expected: 8\n       got: 9");
        run.Case("Calc.add is pending and still fails").Outcome.ShouldBe(TestOutcome.Skipped);
        run.Case("Calc.divide prints unicode: grüße 日本語 🚀").Outcome.ShouldBe(TestOutcome.Passed);
    }

    [Theory]
    [InlineData("dotnet/dotnet-vstest.trx")]
    [InlineData("dotnet/dotnet-mtp.trx")]
    public async Task DotnetTest_Trx_DescribesTheFixture(string file)
    {
        var run = await ResultsTestKit.ReadGoldenAsync(file);

        run.Totals.ShouldBe(run.Totals with { Total = 9, Passed = 4, Failed = 3, Skipped = 2 });
        run.Case("Add_Parametrised(a: 10, b: -1, expected: 8)").Failure!.Message.ShouldBe("Assert.Equal() Failure: Values differ\nExpected: 8\nActual:   9");
        run.Case("Divide_ByZero_Throws").Failure!.Stack!.ShouldContain("Golden.Calc.Calc.Divide");
        run.Case("Add_Fails").Id.ShouldBe("Golden.Calc.CalcTests::Add_Fails");
        run.Case("Unicode_Output_грусть").Stdout!.ShouldStartWith("stdout: grüße, 日本語, emoji ");
        if (file.Contains("vstest", StringComparison.Ordinal))
        {
            run.Case("Skipped").Skip!.Message.ShouldBe("not on this planet");
            run.Stdout!.ShouldContain("stderr: ошибка", Case.Sensitive, "VSTest puts a test's stderr in the run's output");
        }
        else
        {
            run.Case("Skipped").Stdout.ShouldBe("not on this planet", "Microsoft.Testing.Platform's TRX puts the skip reason in stdout");
        }
    }

    [Fact]
    public async Task NodeTestRunner_Tap_DescribesTheFixture()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("node-tap/node-tap.tap");

        run.Totals.ShouldBe(run.Totals with { Total = 14, Passed = 8, Failed = 4, Skipped = 2, SuiteErrors = 0 });
        run.Case("fails on purpose").Failure.ShouldBe(run.Case("fails on purpose").Failure! with { Message = "two and two make four\n\n4 !== 5", Type = "AssertionError" });
        run.Case("fails on purpose").Line.ShouldBe(10);
        run.Case("is a todo that fails").Skip!.Type.ShouldBe("todo");
        run.Case("passes deep inside").Id.ShouldBe("divide::nested describe::passes deep inside");
        run.Case("subtest fails").Id.ShouldBe("a test with subtests::subtest fails");
        run.Suites[0].Stdout!.ShouldStartWith("stdout: grüße, 日本語, emoji 🚀");
    }

    [Fact]
    public async Task GoTest_Json_DescribesTheFixture()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("go/go-test.jsonl");

        run.Suites.Select(s => s.Name).ShouldBe(
            ["example.com/lightning/golden/bench", "example.com/lightning/golden/broken", "example.com/lightning/golden/calc", "example.com/lightning/golden/nofiles", "example.com/lightning/golden/panics"]);
        run.Suite("example.com/lightning/golden/broken").Errors.ShouldHaveSingleItem().Stack!.ShouldContain("cannot use \"not an int\"");
        run.Case("TestAddTable/ten+minus_one").Failure!.Message.ShouldBe("calc_test.go:36: Add(10, -1) = 9, want 8");
        run.Case("TestParallelB").Duration.ShouldBe(TimeSpan.FromMilliseconds(10));
        run.Case("TestPanics").Outcome.ShouldBe(TestOutcome.Errored);
        run.Case("TestSkipped").Outcome.ShouldBe(TestOutcome.Skipped);
        run.Case("TestUnicodeOutput").Stdout!.ShouldContain("stdout: grüße, 日本語, emoji 🚀 <&> \"quoted\"");
        run.EnumerateCases().ShouldNotContain(c => c.Name == "TestNeverReached", "a test after a panic never ran");
        (await ResultsTestKit.ReadGoldenAsync("go/go-bench.jsonl")).Case("TestJoin").Stdout!.ShouldContain("ns/op");
    }

    [Fact]
    public async Task HandWrittenSurefire_FlakyAndRerunCases()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("handwritten/surefire-flaky.xml");

        run.Framework.ShouldBe("surefire");
        run.Case("flakyThenPasses").Outcome.ShouldBe(TestOutcome.Flaky);
        run.Case("flakyThenPasses").Attempts.Select(a => a.Outcome).ShouldBe([TestOutcome.Failed, TestOutcome.Errored, TestOutcome.Passed]);
        run.Case("failsEveryRun").Attempts.Select(a => a.Failure!.Message).ShouldBe(["always wrong", "always wrong", "still wrong"]);
        run.Case("errorsEveryRun").Attempts[^1].Stderr.ShouldBe("rerun error output");
        run.Case("flakyThenPasses").Properties.ShouldBe([new TestProperty("group", "network")]);
    }

    [Fact]
    public async Task HandWrittenTap14_SubtestsDirectivesAndBailOut()
    {
        var run = await ResultsTestKit.ReadGoldenAsync("handwritten/tap14-subtests.tap");

        run.Case("fails inside the subtest").Failure!.Message.ShouldBe("Failed with error 'hostname peebles.example.com not found'");
        run.Case("fails inside the subtest").Line.ShouldBe(142);
        run.Case("object can bar bears").Outcome.ShouldBe(TestOutcome.Passed, "a passing TODO point passes");
        run.Case("empty").Outcome.ShouldBe(TestOutcome.Skipped);
        run.Case("hello # not a directive \\ backslash").Properties.ShouldBe([new TestProperty("todo", "escape # characters")]);
        run.Case("clearly level 2's point").Id.ShouldBe("level 1::level 2::clearly level 2's point");
        run.Suite("bails out").Errors.ShouldHaveSingleItem().Message.ShouldBe("Bail out! MySQL is not running.");
        run.EnumerateCases().ShouldNotContain(c => c.Name == "never reached");
    }
}
