using System.Text.Json.Serialization;

namespace Lightning.Testing.Coverage;

/// <summary>
/// A function or method as the tool names it (<c>divide</c>, <c>Calc.divide</c>, istanbul's <c>(anonymous_4)</c>, coverlet's
/// full signature), with how often it was called: a count where the tool has one, else 1 or 0.
/// </summary>
/// <param name="Line">Where it starts: the declaration for istanbul, LCOV, Clover and the source locator, the first line
/// with code for JaCoCo and Cobertura.</param>
public sealed record FunctionCoverage(string Name, int Line, long Hits)
{
    /// <summary>Its last line, when the report or the source tells (LCOV 2.0, Cobertura methods, source locators).</summary>
    public int? EndLine { get; init; }

    [JsonIgnore]
    public bool Covered => Hits > 0;
}
