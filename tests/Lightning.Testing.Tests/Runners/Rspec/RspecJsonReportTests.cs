using Lightning.Testing.Results;
using Lightning.Testing.Runners.Rspec;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Runners.Rspec;

public sealed class RspecJsonReportTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadAsync_Examples_BecomeCasesNamedLikeTheJUnitFormatter()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("rspec.json");
        await File.WriteAllTextAsync(path, """
            {"version":"3.12.0","examples":[
              {"id":"./spec/calc_spec.rb[1:1]","description":"adds","full_description":"Calc adds","status":"passed","file_path":"./spec/calc_spec.rb","line_number":4,"run_time":0.001,"pending_message":null},
              {"id":"./spec/calc_spec.rb[1:2]","description":"fails","full_description":"Calc fails","status":"failed","file_path":"./spec/calc_spec.rb","line_number":5,"run_time":0.002,"pending_message":null,
               "exception":{"class":"RSpec::Expectations::ExpectationNotMetError","message":"expected 5","backtrace":["spec/calc_spec.rb:5"]}},
              {"id":"./spec/calc_spec.rb[1:3]","description":"raises","full_description":"Calc raises","status":"failed","file_path":"./spec/calc_spec.rb","line_number":6,"run_time":0.0,"pending_message":null,
               "exception":{"class":"ZeroDivisionError","message":"divided by 0","backtrace":[]}},
              {"id":"./spec/other_spec.rb[1:1]","description":"waits","full_description":"Other waits","status":"pending","file_path":"./spec/other_spec.rb","line_number":2,"run_time":0.0,"pending_message":"not today"}
            ],"summary":{"duration":0.5,"example_count":4,"failure_count":2,"pending_count":1,"errors_outside_of_examples_count":0},"summary_line":"4 examples"}
            """, Cancellation);

        var run = await RspecJsonReport.ReadAsync(path, Cancellation);

        run.Framework.ShouldBe("rspec");
        run.Suites.Select(suite => suite.Name).ShouldBe(["spec/calc_spec.rb", "spec/other_spec.rb"]);
        run.EnumerateCases().Select(testCase => (testCase.Id, testCase.Outcome)).ShouldBe(
        [
            ("spec.calc_spec::Calc adds", TestOutcome.Passed),
            ("spec.calc_spec::Calc fails", TestOutcome.Failed),
            ("spec.calc_spec::Calc raises", TestOutcome.Errored),
            ("spec.other_spec::Other waits", TestOutcome.Skipped),
        ]);
        var fails = run.EnumerateCases().Single(testCase => testCase.Name == "Calc fails");
        fails.Failure.ShouldBe(new TestFailure(TestFailureKind.Failure, "expected 5", "RSpec::Expectations::ExpectationNotMetError", "spec/calc_spec.rb:5"));
        fails.Line.ShouldBe(5);
        fails.Properties.ShouldContain(new TestProperty("rspecId", "./spec/calc_spec.rb[1:2]"));
        run.EnumerateCases().Last().Skip.ShouldBe(new TestSkip("not today", "pending", null));
        run.Duration.ShouldBe(TimeSpan.FromSeconds(0.5));
    }

    [Fact]
    public async Task ReadAsync_ErrorsOutsideExamples_AreASuiteError()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("rspec.json");
        await File.WriteAllTextAsync(path, """
            {"examples":[],"messages":["An error occurred while loading ./spec/broken_spec.rb.","NameError: uninitialized constant Nope"],
             "summary":{"duration":0.01,"errors_outside_of_examples_count":1}}
            """, Cancellation);

        var run = await RspecJsonReport.ReadAsync(path, Cancellation);

        var error = run.Suites.ShouldHaveSingleItem().Errors.ShouldHaveSingleItem();
        error.Message.ShouldBe("An error occurred while loading ./spec/broken_spec.rb.");
        run.Totals.Succeeded.ShouldBeFalse();
    }

    [Theory]
    [InlineData("{\"examples\": [\n  {\"id\": 1,\n", "rspec.json:3:")]
    [InlineData("{\"version\": \"3.12\"}", "rspec.json: Not an RSpec JSON report")]
    public async Task ReadAsync_Malformed_NamesTheFile(string text, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("rspec.json");
        await File.WriteAllTextAsync(path, text, Cancellation);

        var error = await Should.ThrowAsync<MalformedReportException>(() => RspecJsonReport.ReadAsync(path, Cancellation));

        error.Message.ShouldContain(expected);
    }
}
