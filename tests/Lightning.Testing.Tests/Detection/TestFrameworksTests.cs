using Lightning.Core.Errors;
using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class TestFrameworksTests
{
    [Theory]
    [InlineData("pytest", TestFramework.Pytest)]
    [InlineData("JEST", TestFramework.Jest)]
    [InlineData("go", TestFramework.GoTest)]
    [InlineData("go-test", TestFramework.GoTest)]
    [InlineData("JUnit 5", TestFramework.Junit5)]
    [InlineData("junit", TestFramework.Junit5)]
    [InlineData(" rspec ", TestFramework.Rspec)]
    [InlineData("phpunit", TestFramework.Phpunit)]
    [InlineData("xunit", TestFramework.DotnetTest)]
    [InlineData("dotnet-test", TestFramework.DotnetTest)]
    [InlineData("vitest", TestFramework.Vitest)]
    public void Parse_KnownNameOrAlias_IsTheFramework(string name, TestFramework expected) =>
        TestFrameworks.Parse(name).ShouldBe(expected);

    [Theory]
    [InlineData("cucumber")]
    [InlineData("")]
    [InlineData("pytest; rm -rf /")]
    public void Parse_UnknownName_ListsTheKnownFrameworks(string name)
    {
        var error = Should.Throw<LightningException>(() => TestFrameworks.Parse(name));

        error.Code.ShouldBe("testing.unknown_framework");
        error.Kind.ShouldBe(ErrorKind.Invalid);
        error.Message.ShouldStartWith($"Unknown test framework '{name.Trim()}'. Known frameworks: pytest, jest, go-test, junit5, rspec, phpunit, dotnet-test");
    }

    [Fact]
    public void ParseSupported_RecognisedButUnsupported_PointsToTheCustomRunner()
    {
        var error = Should.Throw<LightningException>(() => TestFrameworks.ParseSupported("mocha"));

        error.Code.ShouldBe("testing.framework_not_supported");
        error.Message.ShouldBe("Mocha is detected but not supported yet: use the custom runner (any command that writes JUnit XML or TAP).");
        TestFrameworks.ParseSupported("pytest").ShouldBe(TestFramework.Pytest);
    }

    [Fact]
    public void All_CoversEveryFrameworkOnceWithUniqueNames()
    {
        TestFrameworks.All.Select(info => info.Framework).ShouldBe(Enum.GetValues<TestFramework>());
        TestFrameworks.All.SelectMany(info => info.Aliases.Append(info.Name)).ShouldBeUnique();
    }
}
