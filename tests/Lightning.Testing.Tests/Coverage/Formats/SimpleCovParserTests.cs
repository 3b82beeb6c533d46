using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class SimpleCovParserTests
{
    [Fact]
    public async Task Parse_CommandsAddUp_BranchesBelongToTheConditionsLine()
    {
        var report = await CoverageTestKit.ParseAsync(new SimpleCovParser(), """
            {
              "RSpec": {
                "coverage": {
                  "/repo/lib/a.rb": {
                    "lines": [null, 1, 0, "ignored", 2],
                    "branches": {
                      "[:if, 3, 2, 4, 2, 30]": { "[:else, 5, 2, 4, 2, 30]": 1, "[:then, 4, 2, 10, 2, 20]": 0 },
                      "[:case, 0, 2, 0, 6, 3]": { "[:when, 1, 3, 2, 3, 9]": 2 }
                    }
                  }
                },
                "timestamp": 1
              },
              "Minitest": { "timestamp": 2, "coverage": { "/repo/lib/a.rb": { "lines": [null, 4, 1, null, 0] } } }
            }
            """);

        var file = report.Files.ShouldHaveSingleItem();
        file.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(2, 5L), (3, 1L), (5, 2L)]);
        // Condition 0 (the case) before condition 3 (the if); within each, branches by id.
        file.Line(2)!.BranchHits.ShouldBe([2L, 0L, 1L]);
        report.Origins.ShouldHaveSingleItem().Tool.ShouldBe("SimpleCov (RSpec, Minitest)");
    }

    [Fact]
    public async Task Parse_OldResultSet_ArraysOfCounts()
    {
        var report = await CoverageTestKit.ParseAsync(new SimpleCovParser(), """{"RSpec": {"coverage": {"/a.rb": [1, null, 0]}, "timestamp": 1}}""");

        report.Files.Single().Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(1, 1L), (3, 0L)]);
    }

    [Theory]
    [InlineData("{\"RSpec\": {\n\"timestamp\": 1}}", 2, "\"RSpec\" has no \"coverage\": not a SimpleCov result set.")]
    [InlineData("{\"RSpec\": {\"coverage\": {\"/a.rb\": {\"lines\": [1,\n\"x\"]}}}}", 2, "\"/a.rb\".lines[1] holds \"x\", which is not a count.")]
    [InlineData("{\"RSpec\": {\"coverage\": {\n\"/a.rb\": 3}}}", 2, "\"/a.rb\" should be an object with \"lines\" or an array of counts, not 3.")]
    [InlineData("{\"RSpec\": {\"coverage\": {\"/a.rb\": {\"branches\": {\n\"if 3\": {}}}}}}", 2, "\"/a.rb\".branches has the condition \"if 3\", which is not [:type, id, start line, start column, end line, end column].")]
    public async Task Parse_MalformedResultSet_NamesFileAndLine(string json, int line, string problem)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new SimpleCovParser(), json, ".resultset.json"));

        error.Message.ShouldBe($".resultset.json:{line}: {problem}");
    }
}
