using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Detection.Toolchains;

/// <summary>The <c>Lightning:Testing:Toolchains</c> section: where the test tools are, and how long a probe may take.</summary>
public sealed class TestToolchainOptions
{
    public const string SectionName = "Lightning:Testing:Toolchains";

    /// <summary>
    /// The directories searched for programs, in PATH syntax. Null means the server's own PATH. Probes resolve programs
    /// here themselves (and pass it on as the child's PATH), so a narrower search path really narrows what is found.
    /// </summary>
    public string? SearchPath { get; set; }

    /// <summary>The JUnit Platform console launcher (Debian package junit5).</summary>
    [Required]
    public string JUnitConsoleJar { get; set; } = "/usr/share/java/junit-platform-console-standalone.jar";

    /// <summary>The JaCoCo runtime agent, for JUnit 5 coverage (Debian package libjacoco-java).</summary>
    [Required]
    public string JacocoAgentJar { get; set; } = "/usr/share/java/org.jacoco.agent.rt.jar";

    /// <summary>
    /// Where the jars a Maven or Gradle project declares, and the libraries those need, are looked for, in order and in
    /// PATH syntax (nothing is downloaded): repositories in Maven's layout (the local repository, Debian's maven-repo),
    /// whose poms give the transitive dependencies and parents, or flat directories of jars (Debian's /usr/share/java).
    /// </summary>
    [Required]
    public string JavaRepositories { get; set; } = string.Join(Path.PathSeparator,
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".m2", "repository"), "/usr/share/maven-repo", "/usr/share/java");

    /// <summary>
    /// Build tags for every go test run and listing (go's <c>-tags</c> value, comma-separated: <c>integration,e2e</c>),
    /// so files behind <c>//go:build integration</c> are run, sharded and selected like the others. Null: go's default
    /// (no tags). A detected command's own <c>-tags</c> flag wins over it.
    /// </summary>
    [RegularExpression(@"^[A-Za-z0-9_.]+(,[A-Za-z0-9_.]+)*$", ErrorMessage = "GoBuildTags is a comma-separated list of build tags (letters, digits, '_' and '.').")]
    public string? GoBuildTags { get; set; }

    /// <summary>Longest one version probe may run (a first <c>dotnet --version</c> can take several seconds).</summary>
    [Range(1, 600)]
    public int ProbeTimeoutSeconds { get; set; } = 30;

    internal string EffectiveSearchPath => SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
}
