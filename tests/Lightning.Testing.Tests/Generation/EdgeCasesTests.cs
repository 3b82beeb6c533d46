using Lightning.Testing.Generation;

namespace Lightning.Testing.Tests.Generation;

public sealed class EdgeCasesTests
{
    [Theory]
    [InlineData("int", EdgeCases.Kind.WholeNumber, false)]
    [InlineData("Optional[str]", EdgeCases.Kind.Text, true)]
    [InlineData("int | None", EdgeCases.Kind.WholeNumber, true)]
    [InlineData("list[str]", EdgeCases.Kind.List, false)]
    [InlineData("number[]", EdgeCases.Kind.List, false)]
    [InlineData("?number", EdgeCases.Kind.Fraction, true)]
    [InlineData("Array<string>", EdgeCases.Kind.List, false)]
    [InlineData("dict[str, int]", EdgeCases.Kind.Map, false)]
    [InlineData("Widget", EdgeCases.Kind.Unknown, false)]
    public void Classify_DeclaredType(string type, EdgeCases.Kind kind, bool nullable)
    {
        var (found, _, isNullable) = EdgeCases.Classify(new TestPointParameter { Name = "thing", Type = type }, GenerationLanguage.Python);

        found.ShouldBe(kind);
        isNullable.ShouldBe(nullable);
    }

    [Fact]
    public void Classify_FromDefaultThenName()
    {
        EdgeCases.Classify(new TestPointParameter { Name = "q", Default = "'x'" }, GenerationLanguage.Python).Kind.ShouldBe(EdgeCases.Kind.Text);
        EdgeCases.Classify(new TestPointParameter { Name = "count" }, GenerationLanguage.Python).Kind.ShouldBe(EdgeCases.Kind.WholeNumber);
        EdgeCases.Classify(new TestPointParameter { Name = "items" }, GenerationLanguage.JavaScript).Kind.ShouldBe(EdgeCases.Kind.List);
    }

    [Fact]
    public void For_Text_TypicalFirstThenEmptyUnicodeLarge()
    {
        var inputs = EdgeCases.For(new TestPointParameter { Name = "text", Type = "str" }, GenerationLanguage.Python);

        inputs[0].ShouldBe(new GeneratedInput("typical", "'abc'"));
        inputs.Select(i => i.Label).ShouldBe(["typical", "empty_string", "unicode", "blank", "digits", "large_string"]);
        inputs.ShouldContain(new GeneratedInput("large_string", "'x' * 1000"));
    }

    [Fact]
    public void For_JavaScriptNumber_HasNegativeZeroLargeAndNull()
    {
        var inputs = EdgeCases.For(new TestPointParameter { Name = "n", Type = "number" }, GenerationLanguage.JavaScript);

        inputs.Select(i => i.Source).ShouldBe(["2.5", "0", "-1.5", "1e+300", "1e-09", "null"]);
    }

    [Fact]
    public void For_OptionalPython_AddsNone()
    {
        EdgeCases.For(new TestPointParameter { Name = "n", Type = "Optional[int]" }, GenerationLanguage.Python)[^1].ShouldBe(new GeneratedInput("none", "None"));
    }
}
