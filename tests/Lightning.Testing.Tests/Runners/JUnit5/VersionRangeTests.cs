using Lightning.Testing.Runners.JUnit5;

namespace Lightning.Testing.Tests.Runners.JUnit5;

public sealed class VersionRangeTests
{
    [Theory]
    [InlineData("[1.0,2.0)", "1.0", true)]
    [InlineData("[1.0,2.0)", "1.9.9", true)]
    [InlineData("[1.0,2.0)", "2.0", false)]
    [InlineData("[1.0,2.0)", "0.9", false)]
    [InlineData("(1.0,2.0]", "1.0", false)]
    [InlineData("(1.0,2.0]", "2.0.0", true)]
    [InlineData("[5.8,)", "5.10.2", true)]
    [InlineData("[5.8,)", "5.7", false)]
    [InlineData("(,1.0]", "1.0", true)]
    [InlineData("(,1.0]", "0.1", true)]
    [InlineData("(,1.0]", "1.0.1", false)]
    [InlineData("[1.2]", "1.2", true)]
    [InlineData("[1.2]", "1.2.1", false)]
    [InlineData("[1,2),[3,4)", "1.5", true)]
    [InlineData("[1,2),[3,4)", "2.5", false)]
    [InlineData("[1,2), [3,4)", "3.0", true)]
    public void Contains_BoundsAndUnions(string range, string version, bool expected) =>
        VersionRange.Parse(range)!.Contains(version).ShouldBe(expected);

    [Fact]
    public void Parse_PlainVersion_IsNoRange() => VersionRange.Parse("1.0").ShouldBeNull();

    [Theory]
    [InlineData("[1.0,2.0")]
    [InlineData("[2.0,1.0]")]
    [InlineData("[,1.0]")]
    [InlineData("[1,2)x[3,4)")]
    [InlineData("[1,2,3]")]
    [InlineData("[]")]
    public void Parse_Malformed_NamesTheRange(string range) =>
        Should.Throw<InvalidOperationException>(() => VersionRange.Parse(range)).Message.ShouldContain($"'{range}' is not a Maven version range");

    [Fact]
    public void Highest_TheHighestInsideByVersionOrder() =>
        VersionRange.Parse("[1.2,1.10]")!.Highest(["1.2", "1.9", "1.10", "1.11", "2.0"]).ShouldBe("1.10");
}
