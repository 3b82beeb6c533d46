using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Formats;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Coverage.Formats;

public sealed class GoProfileParserTests
{
    [Fact]
    public async Task Parse_CountMode_BlocksBecomeLines_RepeatedBlocksAddUp()
    {
        var report = await CoverageTestKit.ParseAsync(new GoProfileParser(), """
            mode: count
            example.com/m/a.go:3.20,5.2 1 2
            example.com/m/a.go:7.10,8.12 1 1
            example.com/m/a.go:8.12,10.3 1 0
            mode: count
            example.com/m/a.go:3.20,5.2 1 3
            """);

        var file = report.Files.ShouldHaveSingleItem();
        file.Path.ShouldBe("example.com/m/a.go");
        // Line 8 is in a block that ran and one that did not: it ran.
        file.Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(3, 5L), (4, 5L), (5, 5L), (7, 1L), (8, 1L), (9, 0L), (10, 0L)]);
        file.Functions.ShouldBeEmpty();
        report.Origins.ShouldHaveSingleItem().Tool.ShouldBe("go cover (count)");
    }

    [Fact]
    public async Task Parse_SetMode_RepeatedBlocksAreCoveredIfEitherIs()
    {
        var report = await CoverageTestKit.ParseAsync(new GoProfileParser(), "mode: set\na.go:1.1,1.9 1 1\na.go:1.1,1.9 1 1\na.go:2.1,2.9 1 0\n");

        report.Files.Single().Lines.Select(line => (line.Number, line.Hits)).ShouldBe([(1, 1L), (2, 0L)]);
    }

    [Theory]
    [InlineData("a.go:1.1,2.2 1 1", 1, "A Go cover profile starts with a 'mode: set|count|atomic' line.")]
    [InlineData("mode: often\n", 1, "Unknown cover mode 'often'; go test writes set, count or atomic.")]
    [InlineData("mode: set\na.go:1.1,2.2 1 1\nmode: count", 3, "mode: count after mode: set; profiles of different modes cannot be joined.")]
    [InlineData("mode: set\n\na.go:1.1 1 1", 3, "Not a cover profile block: 'a.go:1.1 1 1' (expected file:line.column,line.column statements count).")]
    [InlineData("mode: set\na.go:5.1,2.2 1 1", 2, "The block ends (line 2) before it starts (line 5).")]
    [InlineData("\n\n", null, "The profile has no 'mode:' line.")]
    public async Task Parse_MalformedProfile_NamesFileAndLine(string text, int? line, string problem)
    {
        var error = await Should.ThrowAsync<MalformedReportException>(() => CoverageTestKit.ParseAsync(new GoProfileParser(), text, "cover.out"));

        error.Line.ShouldBe(line is null ? 2 : line);
        error.Problem.ShouldBe(problem);
    }
}
