using System.Text.RegularExpressions;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>A library a Maven or Gradle build declares: <c>group:artifact[:version]</c>, its scope and the file declaring it.</summary>
internal sealed record JavaDependency(string Group, string Artifact, string? Version, string Scope, string DeclaredIn)
{
    public string Coordinates => Version is null ? $"{Group}:{Artifact}" : $"{Group}:{Artifact}:{Version}";
}

/// <summary>The jars a project's class path needs, found on this machine, and the libraries that are not.</summary>
/// <remarks><see cref="Unavailable"/>: parents, BOMs and platforms named but not here, whose versions were not applied.</remarks>
internal sealed record JavaClassPath(IReadOnlyList<string> Jars, IReadOnlyList<JavaDependency> Missing, IReadOnlyList<string> Unavailable);

/// <summary>
/// The libraries a project's pom.xml or build.gradle(.kts) declares, the libraries those need in turn, and the jars on
/// this machine that provide them: nothing is downloaded, so the runner compiles and runs a Maven or Gradle layout with
/// javac and the console launcher against jars already here (the local Maven repository, Debian's /usr/share/maven-repo
/// and /usr/share/java). JUnit's own artifacts are in the console launcher's jar. Transitive dependencies come from the
/// poms beside the jars (<see cref="MavenPom"/>): compile and runtime scopes, exclusions honoured, optional ones left
/// out; Maven's nearest-wins picks among versions, Gradle's highest-wins for a Gradle build.
/// </summary>
internal static partial class JavaDependencies
{
    /// <summary>Groups whose artifacts the JUnit Platform console launcher (standalone jar) already holds.</summary>
    static readonly string[] InConsoleLauncher = ["org.junit.jupiter", "org.junit.platform", "org.junit.vintage", "org.junit", "org.opentest4j", "org.apiguardian"];

    /// <summary>
    /// The libraries declared by the build file in <paramref name="directory"/> (pom.xml first), JUnit's own left out;
    /// a pom's versions from its parents' properties and dependency management (parents and BOMs looked for in
    /// <paramref name="repositories"/> when not beside it).
    /// </summary>
    /// <exception cref="InvalidOperationException">A pom is not XML (the message names it and the line), or its parents form a cycle.</exception>
    public static IReadOnlyList<JavaDependency> Read(string directory, IReadOnlyList<string>? repositories = null, MavenActivation? activation = null)
    {
        var pom = Path.Combine(directory, "pom.xml");
        if (File.Exists(pom))
        {
            return new MavenPom.Loader(repositories ?? [], activation).Project(pom, "pom.xml").Dependencies
                .Where(dependency => !InConsoleLauncher.Contains(dependency.Group))
                .Select(dependency => new JavaDependency(dependency.Group, dependency.Artifact, dependency.Version, dependency.Scope ?? "compile", dependency.DeclaredIn))
                .ToList();
        }

        return GradleFile(directory) is { } gradle
            ? Gradle(gradle.Name, gradle.Text).Where(dependency => !InConsoleLauncher.Contains(dependency.Group)).ToList()
            : [];
    }

    /// <summary>
    /// The whole class path of the build in <paramref name="directory"/>: each declared library and, through the poms
    /// in <paramref name="repositories"/>, the compile- and runtime-scope libraries it needs, to any depth.
    /// </summary>
    /// <exception cref="InvalidOperationException">A pom is unreadable, or its parents form a cycle.</exception>
    /// <param name="activation">What the poms' profiles are activated against; this machine without a known JDK when null.</param>
    public static JavaClassPath ClassPath(string directory, IReadOnlyList<string> repositories, MavenActivation? activation = null)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var loader = new MavenPom.Loader(repositories, activation);
        var pom = Path.Combine(directory, "pom.xml");
        if (File.Exists(pom))
        {
            var project = loader.Project(pom, "pom.xml");
            // The project's dependency management also pins the versions of what its libraries need (Maven's rule).
            return Walk(project.Dependencies, project.Managed, constraints: null, loader, highestWins: false);
        }

        if (GradleFile(directory) is not { } gradle)
        {
            return new JavaClassPath([], [], []);
        }

        var declared = Gradle(gradle.Name, gradle.Text)
            .Select(dependency => new MavenDependency(dependency.Group, dependency.Artifact, dependency.Version, dependency.Scope, "jar", null, false, [], null, dependency.DeclaredIn))
            .ToList();
        var enforced = new Dictionary<string, MavenDependency>(StringComparer.Ordinal);
        var constraints = new Dictionary<string, MavenDependency>(StringComparer.Ordinal);
        foreach (Match match in GradlePlatform().Matches(gradle.Text))
        {
            var parts = match.Groups["coordinates"].Value.Split(':');
            if (loader.Repository(parts[0], parts[1], parts[2]) is not { } bom)
            {
                loader.NoteUnavailable($"{gradle.Name} uses the platform {match.Groups["coordinates"].Value}");
                continue;
            }

            foreach (var (key, entry) in bom.Managed)
            {
                (match.Groups["kind"].Value == "enforcedPlatform" ? enforced : constraints).TryAdd(key, entry);
            }
        }

        return Walk(declared, enforced, constraints, loader, highestWins: true);
    }

    /// <summary>
    /// The dependency graph walked breadth first, so the first version met of a library is the nearest (Maven's
    /// nearest-wins; between equally near ones the first declared). For Gradle, whose rule is the highest version
    /// requested anywhere, the walk is repeated with the highest versions the previous walk saw pinned until the
    /// versions stop changing: a library evicted by the new pins no longer asks for anything, as in Gradle.
    /// </summary>
    static JavaClassPath Walk(IReadOnlyList<MavenDependency> direct, IReadOnlyDictionary<string, MavenDependency> managed,
        IReadOnlyDictionary<string, MavenDependency>? constraints, MavenPom.Loader loader, bool highestWins)
    {
        var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; ; round++)
        {
            var (classPath, requested) = Breadth(direct, managed, constraints, pinned, loader);
            if (!highestWins || round == 8)
            {
                return classPath;
            }

            // Ranges are not versions to compare: the highest plain version requested wins over them.
            var highest = requested.Where(entry => entry.Value.Count(version => !VersionRange.IsRange(version)) > 1)
                .ToDictionary(entry => entry.Key, entry => entry.Value.Where(version => !VersionRange.IsRange(version)).Max(VersionComparer.Instance)!, StringComparer.Ordinal);
            if (highest.Count == pinned.Count && highest.All(entry => pinned.TryGetValue(entry.Key, out var version) && version == entry.Value))
            {
                return classPath;
            }

            pinned = highest;
        }
    }

    static (JavaClassPath ClassPath, Dictionary<string, HashSet<string>> Requested) Breadth(
        IReadOnlyList<MavenDependency> direct, IReadOnlyDictionary<string, MavenDependency> managed,
        IReadOnlyDictionary<string, MavenDependency>? constraints, Dictionary<string, string> pinned, MavenPom.Loader loader)
    {
        var jars = new List<string>();
        var missing = new List<JavaDependency>();
        var requested = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(MavenDependency Dependency, IReadOnlyList<(string Group, string Artifact)> Exclusions)>();
        foreach (var dependency in direct)
        {
            queue.Enqueue((dependency, dependency.Exclusions));
        }

        while (queue.TryDequeue(out var node))
        {
            var dependency = Relocate(node.Dependency, loader);
            if (InConsoleLauncher.Contains(dependency.Group))
            {
                // In the console launcher's jar, with everything it needs.
                continue;
            }

            if (constraints is not null && constraints.TryGetValue(dependency.Key, out var constraint) && constraint.Version is { } platform)
            {
                // A Gradle platform's version is one more request, or the version when the build names none.
                dependency = dependency with { Version = dependency.Version ?? platform };
                Requested(requested, dependency.Key, platform);
            }

            if (dependency.Version is { } asked)
            {
                Requested(requested, dependency.Key, asked);
            }

            if (!chosen.Add(dependency.Key))
            {
                continue;
            }

            if (pinned.TryGetValue(dependency.Key, out var pin))
            {
                dependency = dependency with { Version = pin };
            }

            var scope = dependency.Scope ?? "compile";
            var version = dependency.Version;
            if (scope == "system")
            {
                if (dependency.SystemPath is { } systemPath && File.Exists(systemPath))
                {
                    jars.Add(systemPath);
                }
                else
                {
                    missing.Add(new JavaDependency(dependency.Group, dependency.Artifact, version, scope, dependency.DeclaredIn));
                }

                continue;
            }

            if (dependency.Type != "pom")
            {
                if (Locate(dependency.Group, dependency.Artifact, version, dependency.Classifier, loader.Repositories) is { } found)
                {
                    jars.Add(found.Jar);
                    // A range (or no version) is the version found from here on: its pom is that version's.
                    version = found.Version ?? version;
                }
                else
                {
                    missing.Add(new JavaDependency(dependency.Group, dependency.Artifact, version, scope, dependency.DeclaredIn));
                    continue;
                }
            }

            // A library without a pom (a flat jar, or one installed by hand) brings no dependencies, as in Maven.
            if (version is null || loader.Repository(dependency.Group, dependency.Artifact, version) is not { } pom)
            {
                continue;
            }

            foreach (var child in pom.Dependencies)
            {
                // Test and provided libraries are the library's own business; optional ones are for its users to choose.
                if (child.Scope is not (null or "compile" or "runtime") || child.Optional || Excluded(child, node.Exclusions))
                {
                    continue;
                }

                var next = managed.TryGetValue(child.Key, out var entry) && entry.Version is { } managedVersion ? child with { Version = managedVersion } : child;
                queue.Enqueue((next, [.. node.Exclusions, .. child.Exclusions]));
            }
        }

        return (new JavaClassPath(jars.Distinct(StringComparer.Ordinal).ToList(), missing, loader.Unavailable.ToList()), requested);
    }

    /// <summary>
    /// The library a pom's <c>distributionManagement/relocation</c> says this one moved to (groupId, artifactId and
    /// version replaced field by field), hop after hop; a relocation leading back to coordinates already passed is an
    /// error. Without a version (or with a range) the pom looked at is the version's the jar lookup takes, else the
    /// highest pom there: a relocated artifact often has a pom and no jar.
    /// </summary>
    static MavenDependency Relocate(MavenDependency dependency, MavenPom.Loader loader)
    {
        var hops = new List<string>();
        while (true)
        {
            var version = dependency.Version;
            if (version is null || VersionRange.IsRange(version))
            {
                version = Locate(dependency.Group, dependency.Artifact, version, dependency.Classifier, loader.Repositories)?.Version
                          ?? loader.PomVersion(dependency.Group, dependency.Artifact, VersionRange.Parse(version));
            }

            if (version is null || loader.Repository(dependency.Group, dependency.Artifact, version) is not { Relocation: { } to } pom)
            {
                return dependency;
            }

            var from = $"{dependency.Group}:{dependency.Artifact}:{version}";
            if ((to.Group ?? dependency.Group) == dependency.Group && (to.Artifact ?? dependency.Artifact) == dependency.Artifact && (to.Version ?? version) == version)
            {
                // A relocation naming the artifact itself (only a message, say) moves nothing, as in Maven.
                return dependency;
            }

            hops.Add(from);
            var next = $"{to.Group ?? dependency.Group}:{to.Artifact ?? dependency.Artifact}:{to.Version ?? version}";
            if (hops.Contains(next, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"{pom.Path} relocates {from} back along its own relocations ({string.Join(" -> ", hops)} -> {next}).");
            }

            dependency = dependency with
            {
                Group = to.Group ?? dependency.Group,
                Artifact = to.Artifact ?? dependency.Artifact,
                Version = to.Version ?? version,
                DeclaredIn = $"{dependency.DeclaredIn} (relocated to it by {pom.Path})",
            };
        }
    }

    static void Requested(Dictionary<string, HashSet<string>> requested, string key, string version)
    {
        if (!requested.TryGetValue(key, out var versions))
        {
            requested[key] = versions = new HashSet<string>(StringComparer.Ordinal);
        }

        versions.Add(version);
    }

    static bool Excluded(MavenDependency dependency, IReadOnlyList<(string Group, string Artifact)> exclusions) =>
        exclusions.Any(exclusion => exclusion.Group is "*" || exclusion.Group == dependency.Group
            ? exclusion.Artifact is "*" || exclusion.Artifact == dependency.Artifact
            : false);

    static (string Name, string Text)? GradleFile(string directory)
    {
        foreach (var name in (string[])["build.gradle", "build.gradle.kts"])
        {
            var gradle = Path.Combine(directory, name);
            if (File.Exists(gradle))
            {
                return (name, File.ReadAllText(gradle));
            }
        }

        return null;
    }

    /// <summary>
    /// The jar providing <paramref name="dependency"/> in the first repository that has it: Maven's layout
    /// (<c>group/path/artifact/version/artifact-version.jar</c>; when the build names no version, any version there,
    /// Debian's <c>debian</c> included), then a flat directory of jars (<c>artifact-version.jar</c>, or <c>artifact.jar</c>
    /// when no version is named, as /usr/share/java). Null when none has it: another version is not taken instead.
    /// </summary>
    public static string? Resolve(JavaDependency dependency, IEnumerable<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(dependency);
        return Locate(dependency.Group, dependency.Artifact, dependency.Version, classifier: null, repositories)?.Jar;
    }

    /// <summary>The jar, and the version it is (null for a flat directory's unversioned jar).</summary>
    static (string Jar, string? Version)? Locate(string group, string artifact, string? version, string? classifier, IEnumerable<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var suffix = classifier is null ? ".jar" : $"-{classifier}.jar";
        if (VersionRange.Parse(version) is { } range)
        {
            return InRange(group, artifact, range, suffix, repositories);
        }

        foreach (var repository in repositories)
        {
            var artifactDirectory = Path.Combine([repository, .. group.Split('.'), artifact]);
            if (version is not null)
            {
                var exact = Path.Combine(artifactDirectory, version, $"{artifact}-{version}{suffix}");
                if (File.Exists(exact))
                {
                    return (exact, version);
                }
            }
            else if (Directory.Exists(artifactDirectory))
            {
                var any = Directory.EnumerateDirectories(artifactDirectory)
                    .Select(versionDirectory => (Jar: Path.Combine(versionDirectory, $"{artifact}-{Path.GetFileName(versionDirectory)}{suffix}"), Version: Path.GetFileName(versionDirectory)))
                    .Where(candidate => File.Exists(candidate.Jar))
                    .OrderBy(candidate => candidate.Jar, StringComparer.Ordinal)
                    .LastOrDefault();
                if (any.Jar is not null)
                {
                    return any;
                }
            }

            // A flat directory's unversioned jar is whatever version the system packaged: taken only when no version is asked for.
            var flat = Path.Combine(repository, version is { } wanted ? $"{artifact}-{wanted}{suffix}" : artifact + suffix);
            if (File.Exists(flat))
            {
                return (flat, version);
            }
        }

        return null;
    }

    /// <summary>
    /// Maven's rule for a range: the highest version inside it, here among every repository's jars (Maven layout version
    /// directories, and a flat directory's <c>artifact-version.jar</c>); between equal versions the first repository's.
    /// </summary>
    static (string Jar, string? Version)? InRange(string group, string artifact, VersionRange range, string suffix, IEnumerable<string> repositories)
    {
        (string Jar, string? Version)? best = null;
        foreach (var repository in repositories)
        {
            var artifactDirectory = Path.Combine([repository, .. group.Split('.'), artifact]);
            var candidates = Directory.Exists(artifactDirectory)
                ? Directory.EnumerateDirectories(artifactDirectory).Select(versionDirectory => Path.GetFileName(versionDirectory))
                    .Select(candidate => (Jar: Path.Combine(artifactDirectory, candidate, $"{artifact}-{candidate}{suffix}"), Version: candidate))
                : Directory.Exists(repository)
                    ? Directory.EnumerateFiles(repository, $"{artifact}-*{suffix}")
                        .Select(jar => (Jar: jar, Version: Path.GetFileName(jar)[(artifact.Length + 1)..^suffix.Length]))
                    : [];
            // A version starts with a digit: hamcrest-library-2.2.jar is not a hamcrest version.
            foreach (var candidate in candidates.OrderBy(candidate => candidate.Version, StringComparer.Ordinal))
            {
                if (candidate.Version.Length > 0 && char.IsAsciiDigit(candidate.Version[0]) && range.Contains(candidate.Version) && File.Exists(candidate.Jar)
                    && (best is null || VersionComparer.Instance.Compare(candidate.Version, best.Value.Version) > 0))
                {
                    best = candidate;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Gradle's string notation (<c>testImplementation 'g:a:v'</c>, <c>implementation("g:a:v")</c>) and map notation
    /// (<c>group: 'g', name: 'a', version: 'v'</c>) in the configurations that put a library on the compile or test
    /// class path. Platforms, projects and files are not libraries to find.
    /// </summary>
    static IEnumerable<JavaDependency> Gradle(string file, string text)
    {
        foreach (Match match in GradleString().Matches(text))
        {
            var parts = match.Groups["coordinates"].Value.Split(':');
            yield return new JavaDependency(parts[0], parts[1], parts.Length > 2 && parts[2].Length > 0 && !parts[2].Contains('$', StringComparison.Ordinal) ? parts[2] : null,
                match.Groups["configuration"].Value, file);
        }

        foreach (Match match in GradleMap().Matches(text))
        {
            var version = match.Groups["version"].Success ? match.Groups["version"].Value : null;
            yield return new JavaDependency(match.Groups["group"].Value, match.Groups["name"].Value,
                version is null || version.Contains('$', StringComparison.Ordinal) ? null : version, match.Groups["configuration"].Value, file);
        }
    }

    [GeneratedRegex(@"^\s*(?<configuration>implementation|api|compileOnly|runtimeOnly|testImplementation|testCompileOnly|testRuntimeOnly)\s*\(?\s*[""'](?<coordinates>[^""':\s]+:[^""':\s]+(?::[^""':\s]*)?)(?::[^""'\s]*)?[""']", RegexOptions.Multiline)]
    private static partial Regex GradleString();

    [GeneratedRegex(@"^\s*(?<configuration>implementation|api|compileOnly|runtimeOnly|testImplementation|testCompileOnly|testRuntimeOnly)\s*\(?\s*group\s*[:=]\s*[""'](?<group>[^""']+)[""']\s*,\s*name\s*[:=]\s*[""'](?<name>[^""']+)[""'](?:\s*,\s*version\s*[:=]\s*[""'](?<version>[^""']+)[""'])?", RegexOptions.Multiline)]
    private static partial Regex GradleMap();

    [GeneratedRegex(@"^\s*(?:implementation|api|compileOnly|runtimeOnly|testImplementation|testCompileOnly|testRuntimeOnly)\s*\(?\s*(?<kind>platform|enforcedPlatform)\s*\(\s*[""'](?<coordinates>[^""':\s]+:[^""':\s]+:[^""':\s$]+)[""']", RegexOptions.Multiline)]
    private static partial Regex GradlePlatform();
}
