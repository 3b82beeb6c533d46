using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// One <c>&lt;dependency&gt;</c> of an effective pom, its placeholders replaced. <see cref="DeclaredIn"/> is the pom
/// file whose element it came from (a parent's, when inherited).
/// </summary>
internal sealed record MavenDependency(
    string Group, string Artifact, string? Version, string? Scope, string Type, string? Classifier, bool Optional,
    IReadOnlyList<(string Group, string Artifact)> Exclusions, string? SystemPath, string DeclaredIn)
{
    /// <summary>Maven's conflict key: one version of each group:artifact:type:classifier is on a class path.</summary>
    public string Key => $"{Group}:{Artifact}:{Type}:{Classifier}";
}

/// <summary>
/// A pom as Maven sees it after inheritance and interpolation: the <c>&lt;parent&gt;</c> chain merged (properties,
/// dependencies and dependency management, the child winning), every <c>${...}</c> replaced from the merged properties
/// and the <c>project.*</c> values, <c>import</c>-scope BOMs in dependency management expanded, and the project's own
/// dependencies given their managed versions, scopes and exclusions. Profiles, version ranges and settings.xml
/// mirrors are not read.
/// </summary>
internal sealed partial class MavenPom
{
    MavenPom(string group, string artifact, string version, string path, IReadOnlyList<MavenDependency> dependencies, IReadOnlyDictionary<string, MavenDependency> managed,
        (string? Group, string? Artifact, string? Version)? relocation)
    {
        Relocation = relocation;
        Group = group;
        Artifact = artifact;
        Version = version;
        Path = path;
        Dependencies = dependencies;
        Managed = managed;
    }

    public string Group { get; }

    public string Artifact { get; }

    public string Version { get; }

    /// <summary>The pom file.</summary>
    public string Path { get; }

    /// <summary>The project's dependencies, inherited ones included, managed values applied.</summary>
    public IReadOnlyList<MavenDependency> Dependencies { get; }

    /// <summary>
    /// <c>distributionManagement/relocation</c>: the artifact moved to these coordinates (a field not given keeps its
    /// value). Only the pom's own: Maven does not inherit a relocation from a parent.
    /// </summary>
    public (string? Group, string? Artifact, string? Version)? Relocation { get; }

    /// <summary>The dependency management, by <see cref="MavenDependency.Key"/>; imported BOMs' entries after the pom's own.</summary>
    public IReadOnlyDictionary<string, MavenDependency> Managed { get; }

    /// <summary>
    /// Reads poms and their parents: a project's parent first through its <c>relativePath</c> (default
    /// <c>../pom.xml</c>, as a multi-module build has it), then from the repositories; a repository pom's parent from the
    /// repositories. Effective repository poms are cached by coordinates, so a diamond reads each pom once.
    /// </summary>
    /// <remarks>Each pom's active profiles (<see cref="MavenProfiles"/>, against <paramref name="activation"/>; this machine without a known JDK when null) are merged into it as it is read.</remarks>
    internal sealed class Loader(IReadOnlyList<string> repositories, MavenActivation? activation = null)
    {
        readonly MavenActivation _activation = activation ?? MavenActivation.Here(jdkVersion: null);
        readonly Dictionary<string, MavenPom?> _byCoordinates = new(StringComparer.Ordinal);
        readonly List<string> _unavailable = [];

        public IReadOnlyList<string> Repositories => repositories;

        /// <summary>
        /// Parents and BOMs named but not on this machine. Maven would stop; here the pom is read without them, since
        /// the libraries may still all be found, and these are told when one is not (its version may be in them).
        /// </summary>
        public IReadOnlyList<string> Unavailable => _unavailable;

        /// <summary>Notes a parent, BOM or platform that is not on this machine.</summary>
        public void NoteUnavailable(string note)
        {
            if (!_unavailable.Contains(note, StringComparer.Ordinal))
            {
                _unavailable.Add(note);
            }
        }

        /// <summary>The effective pom of a project file, its parents looked for beside it first.</summary>
        /// <param name="display">How the file is named in messages (<c>pom.xml</c>, <c>../pom.xml</c>).</param>
        public MavenPom Project(string path, string display) => Build(path, display, local: true, []);

        /// <summary>
        /// The effective pom of <c>group:artifact:version</c> from the repositories, null when none holds it.
        /// </summary>
        /// <exception cref="InvalidOperationException">It is there but unreadable, or its parent is not.</exception>
        public MavenPom? Repository(string group, string artifact, string version) => Repository(group, artifact, version, []);

        MavenPom? Repository(string group, string artifact, string version, HashSet<string> building)
        {
            var coordinates = $"{group}:{artifact}:{version}";
            if (_byCoordinates.TryGetValue(coordinates, out var cached))
            {
                return cached;
            }

            var path = Find(group, artifact, version);
            var pom = path is null ? null : Build(path, path, local: false, building);
            _byCoordinates[coordinates] = pom;
            return pom;
        }

        /// <summary>
        /// The version whose pom would be read for a library asked for without a version or with a range: the highest
        /// with a pom in any repository (inside the range). Null when there is none.
        /// </summary>
        public string? PomVersion(string group, string artifact, VersionRange? range) => repositories
            .Select(repository => System.IO.Path.Combine([repository, .. group.Split('.'), artifact]))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(version => (range is null || range.Contains(version)) && Find(group, artifact, version) is not null)
            .Max(VersionComparer.Instance);

        /// <summary>The pom file of these coordinates in the first repository in Maven's layout holding it.</summary>
        public string? Find(string group, string artifact, string version) => repositories
            .Select(repository => System.IO.Path.Combine([repository, .. group.Split('.'), artifact, version, $"{artifact}-{version}.pom"]))
            .FirstOrDefault(File.Exists);

        MavenPom Build(string path, string display, bool local, HashSet<string> building)
        {
            // Parents and imported BOMs can name each other: the chain being built is the guard against looping.
            var full = System.IO.Path.GetFullPath(path);
            if (!building.Add(full))
            {
                throw new InvalidOperationException($"{display} is its own ancestor (a <parent> or import cycle through {string.Join(" -> ", building)}).");
            }

            try
            {
                return Assemble(full, display, local, building);
            }
            finally
            {
                building.Remove(full);
            }
        }

        MavenPom Assemble(string path, string display, bool local, HashSet<string> building)
        {
            // The chain from the pom itself up to its topmost parent.
            var chain = new List<(XElement Project, string Display)> { (MavenProfiles.Apply(Load(path, display), path, _activation), display) };
            var seen = new HashSet<string>(StringComparer.Ordinal) { path };
            var currentPath = path;
            var currentLocal = local;
            while (Child(chain[^1].Project, "parent") is { } parent)
            {
                var group = Text(parent, "groupId");
                var artifact = Text(parent, "artifactId");
                var version = Text(parent, "version");
                if (group is null || artifact is null || version is null)
                {
                    throw new InvalidOperationException($"{chain[^1].Display} has a <parent> without groupId, artifactId and version.");
                }

                string? parentPath = null;
                if (currentLocal && LocalParent(currentPath, parent, group, artifact) is { } beside)
                {
                    parentPath = beside;
                }
                else
                {
                    currentLocal = false;
                    parentPath = Find(group, artifact, version);
                }

                if (parentPath is null)
                {
                    NoteUnavailable($"{chain[^1].Display} names the parent {group}:{artifact}:{version}");
                    break;
                }

                parentPath = System.IO.Path.GetFullPath(parentPath);
                if (!seen.Add(parentPath))
                {
                    throw new InvalidOperationException($"{display} is its own ancestor (a <parent> cycle through {parentPath}).");
                }

                var parentDisplay = currentLocal ? System.IO.Path.GetRelativePath(System.IO.Path.GetDirectoryName(path)!, parentPath) : parentPath;
                // The parent's profiles act on the parent: their effect is inherited, the profiles are not.
                chain.Add((MavenProfiles.Apply(Load(parentPath, parentDisplay), parentPath, _activation), parentDisplay));
                currentPath = parentPath;
            }

            // Properties and the project's coordinates: the topmost parent first, each child overriding.
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (project, _) in Enumerable.Reverse(chain))
            {
                foreach (var property in Child(project, "properties")?.Elements() ?? [])
                {
                    properties[property.Name.LocalName] = property.Value.Trim();
                }
            }

            var self = chain[0].Project;
            var parentElement = Child(self, "parent");
            var groupId = Text(self, "groupId") ?? (parentElement is null ? null : Text(parentElement, "groupId")) ?? string.Empty;
            var artifactId = Text(self, "artifactId") ?? string.Empty;
            var versionText = Text(self, "version") ?? (parentElement is null ? null : Text(parentElement, "version")) ?? string.Empty;
            foreach (var prefix in (string[])["project.", "pom.", string.Empty])
            {
                properties[prefix + "groupId"] = groupId;
                properties[prefix + "artifactId"] = artifactId;
                properties[prefix + "version"] = versionText;
            }

            if (parentElement is not null)
            {
                foreach (var name in (string[])["groupId", "artifactId", "version"])
                {
                    properties["project.parent." + name] = Text(parentElement, name) ?? string.Empty;
                }
            }

            properties["project.basedir"] = properties["basedir"] = System.IO.Path.GetDirectoryName(path)!;
            var effectiveVersion = Interpolate(versionText, properties);

            // Dependencies and management: the child's entry wins over an inherited one with the same key.
            var managed = new Dictionary<string, MavenDependency>(StringComparer.Ordinal);
            var imports = new List<MavenDependency>();
            var dependencies = new List<MavenDependency>();
            var declaredKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (project, pomDisplay) in chain)
            {
                foreach (var element in DependencyElements(Child(project, "dependencyManagement")))
                {
                    if (Dependency(element, properties, pomDisplay) is not { } dependency)
                    {
                        continue;
                    }

                    if (dependency.Scope == "import" && dependency.Type == "pom")
                    {
                        imports.Add(dependency);
                    }
                    else
                    {
                        managed.TryAdd(dependency.Key, dependency);
                    }
                }

                foreach (var element in DependencyElements(project))
                {
                    if (Dependency(element, properties, pomDisplay) is { } dependency && declaredKeys.Add(dependency.Key))
                    {
                        dependencies.Add(dependency);
                    }
                }
            }

            // An imported BOM adds what the pom does not manage itself, in declaration order (the first import wins).
            foreach (var import in imports)
            {
                if (import.Version is null)
                {
                    throw new InvalidOperationException($"{import.DeclaredIn} imports {import.Group}:{import.Artifact} without a version.");
                }

                if (Repository(import.Group, import.Artifact, import.Version, building) is not { } bom)
                {
                    NoteUnavailable($"{import.DeclaredIn} imports the BOM {import.Group}:{import.Artifact}:{import.Version}");
                    continue;
                }

                foreach (var (key, entry) in bom.Managed)
                {
                    managed.TryAdd(key, entry);
                }
            }

            (string?, string?, string?)? relocation = Child(Child(self, "distributionManagement"), "relocation") is { } moved
                ? (Text(moved, "groupId") is { } g ? Interpolate(g, properties) : null,
                   Text(moved, "artifactId") is { } a ? Interpolate(a, properties) : null,
                   Text(moved, "version") is { } v ? Interpolate(v, properties) : null)
                : null;
            return new MavenPom(Interpolate(groupId, properties), Interpolate(artifactId, properties), effectiveVersion, path,
                dependencies.Select(dependency => Manage(dependency, managed)).ToList(), managed, relocation);
        }

        /// <summary>The parent through relativePath (a file, or a directory holding pom.xml), when it is that parent.</summary>
        static string? LocalParent(string childPath, XElement parent, string group, string artifact)
        {
            var relative = Child(parent, "relativePath") is { } element ? element.Value.Trim() : "../pom.xml";
            if (relative.Length == 0)
            {
                // An empty relativePath is Maven's way to say: the repository only.
                return null;
            }

            var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(childPath)!, relative));
            if (Directory.Exists(candidate))
            {
                candidate = System.IO.Path.Combine(candidate, "pom.xml");
            }

            if (!File.Exists(candidate))
            {
                return null;
            }

            // Maven takes the file only when it is the parent named: a checkout's unrelated aggregator is not.
            var project = Load(candidate, candidate);
            var candidateGroup = Text(project, "groupId") ?? (Child(project, "parent") is { } grand ? Text(grand, "groupId") : null);
            return candidateGroup == group && Text(project, "artifactId") == artifact ? candidate : null;
        }
    }

    /// <summary>A dependency's managed version and scope when it names none, and the managed exclusions besides its own.</summary>
    internal static MavenDependency Manage(MavenDependency dependency, IReadOnlyDictionary<string, MavenDependency> managed) =>
        managed.TryGetValue(dependency.Key, out var entry)
            ? dependency with
            {
                Version = dependency.Version ?? entry.Version,
                Scope = dependency.Scope ?? entry.Scope,
                Exclusions = [.. dependency.Exclusions, .. entry.Exclusions],
            }
            : dependency;

    static IEnumerable<XElement> DependencyElements(XElement? parent) =>
        Child(parent, "dependencies")?.Elements().Where(element => element.Name.LocalName == "dependency") ?? [];

    static MavenDependency? Dependency(XElement element, Dictionary<string, string> properties, string declaredIn)
    {
        string? Value(string name) => Text(element, name) is { } text ? Interpolate(text, properties) : null;
        if (Value("groupId") is not { } group || Value("artifactId") is not { } artifact)
        {
            return null;
        }

        // A version still holding a placeholder pins nothing: any version found is taken. A range is kept (the highest
        // version on this machine inside it is taken), checked here so a malformed one names its pom.
        var version = Value("version");
        if (version is not null && version.Contains("${", StringComparison.Ordinal))
        {
            version = null;
        }

        try
        {
            VersionRange.Parse(version);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{declaredIn} declares {group}:{artifact} {version}: {ex.Message}", ex);
        }

        var exclusions = Child(element, "exclusions")?.Elements().Where(exclusion => exclusion.Name.LocalName == "exclusion")
            .Select(exclusion => (Group: Text(exclusion, "groupId") is { } g ? Interpolate(g, properties) : "*", Artifact: Text(exclusion, "artifactId") is { } a ? Interpolate(a, properties) : "*"))
            .ToList() ?? [];
        return new MavenDependency(group, artifact, version, Value("scope"), Value("type") ?? "jar", Value("classifier"),
            string.Equals(Value("optional"), "true", StringComparison.OrdinalIgnoreCase), exclusions, Value("systemPath"), declaredIn);
    }

    /// <exception cref="InvalidOperationException">Not XML; the message names the file and the line.</exception>
    static XElement Load(string path, string display)
    {
        try
        {
            return XDocument.Load(path, LoadOptions.SetLineInfo).Root ?? new XElement("project");
        }
        catch (XmlException ex)
        {
            throw new InvalidOperationException($"{display} is not well-formed XML (line {ex.LineNumber}): {ex.Message}", ex);
        }
    }

    internal static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(element => element.Name.LocalName == name);

    static string? Text(XElement parent, string name) => Child(parent, name)?.Value.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>Placeholders replaced until none is left that a property defines (properties may name properties; depth-limited against cycles).</summary>
    internal static string Interpolate(string text, IReadOnlyDictionary<string, string> properties)
    {
        for (var depth = 0; depth < 10 && text.Contains("${", StringComparison.Ordinal); depth++)
        {
            var replaced = Property().Replace(text, match => properties.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value);
            if (replaced == text)
            {
                break;
            }

            text = replaced;
        }

        return text;
    }

    [GeneratedRegex(@"\$\{(?<name>[^}]+)\}")]
    private static partial Regex Property();
}
