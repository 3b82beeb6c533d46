namespace Lightning.Testing.Results.JUnit;

/// <summary>
/// Tells which tool wrote a JUnit report from the marks each leaves, and undoes the one quirk that changes meaning:
/// pytest writes 0-based <c>line</c> attributes, which the model holds 1-based like every other format.
/// </summary>
internal sealed class JUnitDialect
{
    public const string Pytest = "pytest";

    public const string Surefire = "surefire";

    /// <summary>Surefire marks its reports with this schema; the writer does the same so that the dialect survives a round trip.</summary>
    public const string SurefireSchemaLocation = "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd";

    bool _pytest, _jest, _junit5, _phpunit, _rspec, _surefire;

    public string? Framework =>
        _pytest ? Pytest
        : _jest ? "jest"
        : _junit5 ? "junit5"
        : _phpunit ? "phpunit"
        : _rspec ? "rspec"
        : _surefire ? Surefire
        : null;

    public void SeeRoot(string? name) => _jest |= name == "jest tests";

    public void SeeSuite(string name, string? file, string? schemaLocation)
    {
        _pytest |= name == "pytest";
        _junit5 |= name.StartsWith("JUnit Jupiter", StringComparison.Ordinal)
            || name.StartsWith("JUnit Vintage", StringComparison.Ordinal)
            || name.StartsWith("JUnit Platform", StringComparison.Ordinal);
        _phpunit |= file?.EndsWith(".php", StringComparison.OrdinalIgnoreCase) == true;
        _rspec |= name == "rspec";
        _surefire |= schemaLocation?.Contains("surefire", StringComparison.OrdinalIgnoreCase) == true;
    }

    public void SeeCase(string? phpClass, string? assertions) => _phpunit |= phpClass is not null || assertions is not null;

    public void SeeSkipType(string? type) => _pytest |= type?.StartsWith("pytest.", StringComparison.Ordinal) == true;

    /// <summary>The suites with 1-based lines: pytest's are shifted, everyone else's are already 1-based.</summary>
    public static IReadOnlyList<TestSuite> ToModelLines(IReadOnlyList<TestSuite> suites, string? framework) =>
        framework == Pytest ? ShiftLines(suites, +1) : suites;

    /// <summary>The suites with the lines the report should carry for <paramref name="framework"/>.</summary>
    public static IReadOnlyList<TestSuite> ToReportLines(IReadOnlyList<TestSuite> suites, string? framework) =>
        framework == Pytest ? ShiftLines(suites, -1) : suites;

    static TestSuite[] ShiftLines(IReadOnlyList<TestSuite> suites, int by) =>
        suites.Select(suite => suite with
        {
            Cases = suite.Cases.Select(testCase => testCase.Line is { } line ? testCase with { Line = line + by } : testCase).ToArray(),
            Suites = ShiftLines(suite.Suites, by),
        }).ToArray();
}
