using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>A library a Maven or Gradle build declares: <c>group:artifact[:version]</c>, its scope and the file declaring it.</summary>
internal sealed record JavaDependency(string Group, string Artifact, string? Version, string Scope, string DeclaredIn)
{
    public string Coordinates => Version is null ? $"{Group}:{Artifact}" : $"{Group}:{Artifact}:{Version}";
}

/// <summary>
/// The libraries a project's pom.xml or build.gradle(.kts) declares, and the jars on this machine that provide them:
/// nothing is downloaded, so the runner compiles and runs a Maven or Gradle layout with javac and the console launcher
/// against jars already here (the local Maven repository, Debian's /usr/share/maven-repo and /usr/share/java). JUnit's
/// own artifacts are in the console launcher's jar. Transitive dependencies are not read: a library needing others
/// needs them declared too, or found beside it.
/// </summary>
internal static partial class JavaDependencies
{
    /// <summary>Groups whose artifacts the JUnit Platform console launcher (standalone jar) already holds.</summary>
    static readonly string[] InConsoleLauncher = ["org.junit.jupiter", "org.junit.platform", "org.junit.vintage", "org.junit", "org.opentest4j", "org.apiguardian"];

    /// <summary>The libraries declared by the build file in <paramref name="directory"/> (pom.xml first), JUnit's own left out.</summary>
    /// <exception cref="InvalidOperationException">The pom.xml is not XML; the message names it and the line.</exception>
    public static IReadOnlyList<JavaDependency> Read(string directory)
    {
        var pom = Path.Combine(directory, "pom.xml");
        if (File.Exists(pom))
        {
            return Maven(pom).Where(dependency => !InConsoleLauncher.Contains(dependency.Group)).ToList();
        }

        foreach (var name in (string[])["build.gradle", "build.gradle.kts"])
        {
            var gradle = Path.Combine(directory, name);
            if (File.Exists(gradle))
            {
                return Gradle(name, File.ReadAllText(gradle)).Where(dependency => !InConsoleLauncher.Contains(dependency.Group)).ToList();
            }
        }

        return [];
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
        ArgumentNullException.ThrowIfNull(repositories);
        foreach (var repository in repositories)
        {
            var artifactDirectory = Path.Combine([repository, .. dependency.Group.Split('.'), dependency.Artifact]);
            if (dependency.Version is { } version)
            {
                var exact = Path.Combine(artifactDirectory, version, $"{dependency.Artifact}-{version}.jar");
                if (File.Exists(exact))
                {
                    return exact;
                }
            }
            else if (Directory.Exists(artifactDirectory))
            {
                var any = Directory.EnumerateDirectories(artifactDirectory)
                    .Select(versionDirectory => Path.Combine(versionDirectory, $"{dependency.Artifact}-{Path.GetFileName(versionDirectory)}.jar"))
                    .Where(File.Exists)
                    .Order(StringComparer.Ordinal)
                    .LastOrDefault();
                if (any is not null)
                {
                    return any;
                }
            }

            // A flat directory's unversioned jar is whatever version the system packaged: taken only when no version is asked for.
            var flat = Path.Combine(repository, dependency.Version is { } wanted ? $"{dependency.Artifact}-{wanted}.jar" : dependency.Artifact + ".jar");
            if (File.Exists(flat))
            {
                return flat;
            }
        }

        return null;
    }

    static List<JavaDependency> Maven(string path)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new InvalidOperationException($"pom.xml is not well-formed XML (line {ex.LineNumber}): {ex.Message}", ex);
        }

        var project = document.Root;
        if (project is null)
        {
            return [];
        }

        var properties = Child(project, "properties")?.Elements().ToDictionary(element => element.Name.LocalName, element => element.Value.Trim(), StringComparer.Ordinal)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(project, "version")?.Value.Trim() is { Length: > 0 } projectVersion)
        {
            properties["project.version"] = projectVersion;
        }

        var dependencies = new List<JavaDependency>();
        // Only the project's own dependencies: dependencyManagement and plugins declare nothing the tests compile against.
        foreach (var dependency in Child(project, "dependencies")?.Elements().Where(element => element.Name.LocalName == "dependency") ?? [])
        {
            string? Value(string name) => Child(dependency, name)?.Value.Trim() is { Length: > 0 } text ? Substitute(text, properties) : null;
            if (Value("groupId") is { } group && Value("artifactId") is { } artifact)
            {
                var version = Value("version");
                dependencies.Add(new JavaDependency(group, artifact, version is null || version.Contains("${", StringComparison.Ordinal) ? null : version,
                    Value("scope") ?? "compile", "pom.xml"));
            }
        }

        return dependencies;
    }

    static XElement? Child(XElement parent, string name) => parent.Elements().FirstOrDefault(element => element.Name.LocalName == name);

    static string Substitute(string text, Dictionary<string, string> properties) =>
        Property().Replace(text, match => properties.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value);

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

    [GeneratedRegex(@"\$\{(?<name>[^}]+)\}")]
    private static partial Regex Property();

    [GeneratedRegex(@"^\s*(?<configuration>implementation|api|compileOnly|runtimeOnly|testImplementation|testCompileOnly|testRuntimeOnly)\s*\(?\s*[""'](?<coordinates>[^""':\s]+:[^""':\s]+(?::[^""':\s]*)?)(?::[^""'\s]*)?[""']", RegexOptions.Multiline)]
    private static partial Regex GradleString();

    [GeneratedRegex(@"^\s*(?<configuration>implementation|api|compileOnly|runtimeOnly|testImplementation|testCompileOnly|testRuntimeOnly)\s*\(?\s*group\s*[:=]\s*[""'](?<group>[^""']+)[""']\s*,\s*name\s*[:=]\s*[""'](?<name>[^""']+)[""'](?:\s*,\s*version\s*[:=]\s*[""'](?<version>[^""']+)[""'])?", RegexOptions.Multiline)]
    private static partial Regex GradleMap();
}
