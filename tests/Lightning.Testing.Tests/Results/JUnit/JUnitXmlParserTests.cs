using Lightning.Testing.Results;
using Lightning.Testing.Results.JUnit;

namespace Lightning.Testing.Tests.Results.JUnit;

public sealed class JUnitXmlParserTests
{
    readonly JUnitXmlParser _parser = new();

    [Fact]
    public async Task Parse_AntReport_ReadsSuitesCasesPropertiesAndOutput()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="nightly" time="2.5" timestamp="2026-11-20T10:00:00Z">
              <testsuite name="CalcTest" package="com.example" hostname="build-7" time="1.5" timestamp="2026-11-20T10:00:00" tests="2" failures="1">
                <properties><property name="java.version" value="17"/></properties>
                <testcase classname="com.example.CalcTest" name="adds" time="0.5"/>
                <testcase classname="com.example.CalcTest" name="divides" time="1">
                  <failure message="expected 3" type="AssertionError">stack line 1
            stack line 2</failure>
                  <system-out>out</system-out>
                </testcase>
                <system-out>suite out</system-out>
                <system-err>suite err</system-err>
              </testsuite>
            </testsuites>
            """);

        run.Name.ShouldBe("nightly");
        run.Duration.ShouldBe(TimeSpan.FromSeconds(2.5));
        run.StartedAt.ShouldBe(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        var suite = run.Suites.ShouldHaveSingleItem();
        suite.Name.ShouldBe("CalcTest");
        suite.Hostname.ShouldBe("build-7");
        suite.Timestamp.ShouldBe(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), "a timestamp without offset is UTC");
        suite.Properties.ShouldBe([new TestProperty("package", "com.example"), new TestProperty("java.version", "17")]);
        suite.Stdout.ShouldBe("suite out");
        suite.Stderr.ShouldBe("suite err");
        var divides = run.Case("divides");
        divides.Id.ShouldBe("com.example.CalcTest::divides");
        divides.Outcome.ShouldBe(TestOutcome.Failed);
        divides.Duration.ShouldBe(TimeSpan.FromSeconds(1));
        divides.Failure.ShouldBe(new TestFailure(TestFailureKind.Failure, "expected 3", "AssertionError", "stack line 1\nstack line 2"));
        divides.Stdout.ShouldBe("out");
        run.Case("adds").Outcome.ShouldBe(TestOutcome.Passed);
    }

    [Fact]
    public async Task Parse_ErrorUnderTestsuite_IsTheSuitesError()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuite name="DatabaseTest" tests="0" errors="1">
              <error message="Could not connect" type="java.sql.SQLException">trace</error>
            </testsuite>
            """);

        run.Suites[0].Errors.ShouldBe([new TestFailure(TestFailureKind.Error, "Could not connect", "java.sql.SQLException", "trace")]);
        run.Totals.SuiteErrors.ShouldBe(1);
        run.Totals.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task Parse_SurefireFlakyElements_MakeAFlakyCaseWithEveryAttempt()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuite name="S" tests="1">
              <testcase name="t" classname="C" time="0.2">
                <flakyFailure message="first" type="AssertionError"><stackTrace>trace 1</stackTrace><system-out>out 1</system-out></flakyFailure>
                <flakyError message="second" type="IOException"><stackTrace>trace 2</stackTrace><system-err>err 2</system-err></flakyError>
              </testcase>
            </testsuite>
            """);

        var testCase = run.Case("t");
        testCase.Outcome.ShouldBe(TestOutcome.Flaky);
        testCase.Failures.ShouldBeEmpty();
        testCase.Attempts.Select(a => (a.Number, a.Outcome)).ShouldBe([(1, TestOutcome.Failed), (2, TestOutcome.Errored), (3, TestOutcome.Passed)]);
        testCase.Attempts[0].Failure.ShouldBe(new TestFailure(TestFailureKind.Failure, "first", "AssertionError", "trace 1"));
        testCase.Attempts[0].Stdout.ShouldBe("out 1");
        testCase.Attempts[1].Stderr.ShouldBe("err 2");
        run.Totals.Flaky.ShouldBe(1);
        run.Totals.Succeeded.ShouldBeTrue("a flaky case passed in the end");
    }

    [Fact]
    public async Task Parse_SurefireRerunElements_MakeAFailedCaseWhoseFirstAttemptIsItsFailure()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuite name="S" tests="1">
              <testcase name="t" classname="C" time="0.3">
                <failure message="wrong" type="AssertionError">trace 0</failure>
                <rerunFailure message="still wrong" type="AssertionError"><stackTrace>trace 1</stackTrace></rerunFailure>
              </testcase>
            </testsuite>
            """);

        var testCase = run.Case("t");
        testCase.Outcome.ShouldBe(TestOutcome.Failed);
        testCase.Attempts.Count.ShouldBe(2);
        testCase.Attempts[0].Failure.ShouldBe(testCase.Failure);
        testCase.Attempts[1].Failure!.Message.ShouldBe("still wrong");
        testCase.Attempts.ShouldAllBe(a => a.Outcome == TestOutcome.Failed);
    }

    [Fact]
    public async Task Parse_PytestReport_LinesBecomeOneBased()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuites><testsuite name="pytest" tests="1">
              <testcase classname="tests.test_x" name="test_a" file="tests/test_x.py" line="9" time="0.001"/>
            </testsuite></testsuites>
            """);

        run.Framework.ShouldBe("pytest");
        run.Case("test_a").Line.ShouldBe(10);
    }

    [Theory]
    [InlineData("""<testsuites name="jest tests"><testsuite name="a"/></testsuites>""", "jest")]
    [InlineData("""<testsuite name="JUnit Jupiter"/>""", "junit5")]
    [InlineData("""<testsuite name="rspec"/>""", "rspec")]
    [InlineData("""<testsuite name="X"><testcase name="t" class="X" classname="X" assertions="1"/></testsuite>""", "phpunit")]
    [InlineData("""<testsuite name="X"><testcase name="t"><skipped type="pytest.xfail"/></testcase></testsuite>""", "pytest")]
    [InlineData("""<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd" name="X"/>""", "surefire")]
    [InlineData("""<testsuite name="X"/>""", null)]
    public async Task Parse_TellsTheFrameworkFromItsMarks(string xml, string? framework)
    {
        var run = await ResultsTestKit.ParseAsync(_parser, xml);

        run.Framework.ShouldBe(framework);
    }

    [Fact]
    public async Task Parse_SeveralSystemOutElements_AreJoined()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuite name="JUnit Jupiter"><testcase name="t()" classname="C">
            <system-out><![CDATA[one
            ]]></system-out><system-out><![CDATA[two ]]]]><![CDATA[> end]]></system-out>
            </testcase></testsuite>
            """);

        run.Case("t()").Stdout.ShouldBe("one\ntwo ]]> end");
    }

    [Fact]
    public async Task Parse_FailureWithoutMessage_TakesTheBodysFirstLine()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuite name="add"><testcase classname="add" name="fails"><failure>

            Error: expect(received).toBe(expected)
                at Object.toBe (calc.test.js:9:23)</failure></testcase></testsuite>
            """);

        run.Case("fails").Failure!.Message.ShouldBe("Error: expect(received).toBe(expected)");
    }

    [Fact]
    public async Task Parse_PhpUnitFailure_TakesTheLineAfterTheTestsName()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuites><testsuite name="CalcTest" file="/t/CalcTest.php">
              <testcase name="testAddFails" class="CalcTest" classname="CalcTest" file="/t/CalcTest.php" line="16" assertions="1" time="0.000755">
                <failure type="PHPUnit\Framework\ExpectationFailedException">CalcTest::testAddFails
            Failed asserting that 4 is identical to 5.

            /t/CalcTest.php:18</failure>
              </testcase>
            </testsuite></testsuites>
            """);

        var testCase = run.Case("testAddFails");
        testCase.Failure!.Message.ShouldBe("Failed asserting that 4 is identical to 5.");
        testCase.Properties.ShouldBe([new TestProperty("assertions", "1")]);
        testCase.Line.ShouldBe(16);
    }

    [Fact]
    public async Task Parse_SurefireTimeWithThousandsSeparator_IsRead()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """<testsuite name="S" time="1,234.5"><testcase name="t" time="0.0074770"/></testsuite>""");

        run.Suites[0].Duration.ShouldBe(TimeSpan.FromSeconds(1234.5));
        run.Case("t").Duration.ShouldBe(TimeSpan.FromTicks(74770));
    }

    [Fact]
    public async Task Parse_PropertyWithValueAsText_KeepsTheText()
    {
        var run = await ResultsTestKit.ParseAsync(_parser, """
            <testsuite name="S"><properties><property name="multi">line 1
            line 2</property></properties></testsuite>
            """);

        run.Suites[0].Properties.ShouldBe([new TestProperty("multi", "line 1\nline 2")]);
    }

    [Fact]
    public async Task Parse_ClassnameSameAsName_IdFallsBackToTheSuitePath()
    {
        // jest-junit's default: classname "{classname} {title}" repeats the name.
        var run = await ResultsTestKit.ParseAsync(_parser, """<testsuites><testsuite name="add"><testcase classname="add works" name="add works"/></testsuite></testsuites>""");

        run.Case("add works").Id.ShouldBe("add::add works");
    }

    [Fact]
    public async Task Parse_TestcaseWithoutName_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "<testsuite name=\"S\">\n\n  <testcase classname=\"C\"/>\n</testsuite>", "results.xml"));

        error.Code.ShouldBe("testing.report_malformed");
        error.Line.ShouldBe(3);
        error.Message.ShouldBe("results.xml:3: A <testcase> has no name attribute.");
    }

    [Fact]
    public async Task Parse_TimeThatIsNotANumber_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "<testsuite name=\"S\">\n<testcase name=\"t\" time=\"fast\"/>\n</testsuite>", "results.xml"));

        error.Message.ShouldBe("results.xml:2: <testcase> has time=\"fast\", which is not a number of seconds.");
    }

    [Fact]
    public async Task Parse_TruncatedXml_FailsNamingTheLine()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "<testsuite name=\"S\">\n<testcase name=\"t\">\n<failure>oops", "results.xml"));

        error.Line.ShouldBe(3);
        error.Message.ShouldStartWith("results.xml:3: ");
        error.Message.ShouldNotContain("position");
    }

    [Fact]
    public async Task Parse_OtherRootElement_FailsSayingWhatWasExpected()
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, "<html><body/></html>", "page.html"));

        error.Message.ShouldBe("page.html:1: Expected a <testsuites> or <testsuite> root element, found <html>.");
    }

    [Fact]
    public async Task Parse_DocumentTypeDefinition_IsRefused()
    {
        // A report is untrusted input: no DTDs, no entity expansion.
        var error = await Should.ThrowAsync<MalformedReportException>(() => ResultsTestKit.ParseAsync(_parser, """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
            <testsuite name="&lol2;"/>
            """, "evil.xml"));

        error.Message.ShouldStartWith("evil.xml: For security reasons DTD is prohibited");
    }
}
