namespace Lightning.Testing.Coverage;

/// <summary>The coverage report formats the platform reads.</summary>
public enum CoverageFormat
{
    /// <summary>Cobertura XML: coverage.py <c>coverage xml</c>, istanbul's <c>cobertura</c>, coverlet, PHPUnit <c>--coverage-cobertura</c>.</summary>
    Cobertura,

    /// <summary>LCOV tracefiles (<c>lcov.info</c>): istanbul, coverage.py <c>coverage lcov</c>, coverlet, lcov/geninfo 1.x and 2.x.</summary>
    Lcov,

    /// <summary>JaCoCo's XML report.</summary>
    JaCoCo,

    /// <summary>coverage.py's <c>coverage json</c> (with per-test contexts when written with <c>--show-contexts</c>).</summary>
    CoveragePyJson,

    /// <summary>Go's cover profile (<c>go test -coverprofile</c>), modes set, count and atomic.</summary>
    GoProfile,

    /// <summary>Clover XML: PHPUnit <c>--coverage-clover</c>, istanbul's <c>clover</c>.</summary>
    Clover,

    /// <summary>SimpleCov's <c>.resultset.json</c>.</summary>
    SimpleCov,

    /// <summary>The platform's own JSON (<see cref="Reports.CoverageJsonWriter"/>): lossless, for storing and merging reports.</summary>
    LightningJson,
}
