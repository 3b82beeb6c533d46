namespace Lightning.Testing.Results;

/// <summary>The report formats the platform reads and writes.</summary>
public enum TestReportFormat
{
    /// <summary>JUnit XML in all its dialects: Ant, Jenkins, Surefire, pytest xunit1/xunit2, jest-junit, JUnit 5, PHPUnit, RSpec.</summary>
    JUnitXml,

    /// <summary>Visual Studio test results (<c>dotnet test --logger trx</c>, <c>--report-trx</c>).</summary>
    Trx,

    /// <summary>Test Anything Protocol, versions 12 to 14.</summary>
    Tap,

    /// <summary>The <c>go test -json</c> event stream.</summary>
    GoTestJson,

    /// <summary>The platform's own JSON event stream, one <see cref="Events.TestEvent"/> per line.</summary>
    EventStream,
}
