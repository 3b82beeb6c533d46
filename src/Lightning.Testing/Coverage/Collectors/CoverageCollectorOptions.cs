namespace Lightning.Testing.Coverage.Collectors;

/// <summary>Where the coverage tools that are not on the PATH live.</summary>
public sealed record CoverageCollectorOptions
{
    /// <summary>The JaCoCo jars (Debian libjacoco-java: org.jacoco.agent.jar, org.jacoco.core.jar, org.jacoco.report.jar) and ASM's.</summary>
    public string JavaLibraryDirectory { get; init; } = "/usr/share/java";

    /// <summary>Where a bare <c>phpunit</c> command is looked up, to run it through <c>php -d pcov...</c>; the process PATH when null.</summary>
    public string? SearchPath { get; init; }

    /// <summary>coverage.py records which test ran each line (<c>dynamic_context = test_function</c>), for test selection.</summary>
    public bool PerTestContexts { get; init; } = true;

    /// <summary>
    /// JUnit 5: each test's own JaCoCo data and report go to this directory (N.exec, N.xml, tests.tsv naming each N), for
    /// coverage maps; null for one report of the whole run.
    /// </summary>
    public string? PerTestDirectory { get; init; }
}
