using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lightning.Core.Errors;

namespace Lightning.Testing.Generation.CSharp;

/// <summary>A project file of the repository, as far as test generation needs it.</summary>
internal sealed record CSharpProject(string File, string Directory, string RootNamespace, bool IsTest, string? TestFramework, bool ImplicitUsings, IReadOnlyList<string> References)
{
    public string Name => Path.GetFileNameWithoutExtension(File);
}

/// <summary>
/// The C# projects of a repository (<c>*.csproj</c>, read as XML): which one a source file belongs to (the nearest
/// project file above it) and which xUnit test project references that one (where generated tests go).
/// </summary>
internal static partial class CSharpProjects
{
    public const string NoProjectCode = "testing.generation_no_csharp_project";
    public const string NoTestProjectCode = "testing.generation_no_test_project";

    static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", ".git", ".vs", "packages" };

    public static IReadOnlyList<CSharpProject> Scan(string repository)
    {
        var found = new List<CSharpProject>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(repository)]);
        while (pending.Count > 0 && found.Count < 500)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo directory)
                {
                    if (!Skipped.Contains(directory.Name) && !directory.Name.StartsWith('.'))
                    {
                        pending.Push(directory);
                    }
                }
                else if (entry.Name.EndsWith(".csproj", StringComparison.Ordinal))
                {
                    found.Add(Read(repository, entry.FullName));
                }
            }
        }

        return [.. found.OrderBy(p => p.File, StringComparer.Ordinal)];
    }

    /// <summary>The project <paramref name="target"/> belongs to and the xUnit test project that references it; bad input is a one-line error naming what to add.</summary>
    public static (CSharpProject Library, CSharpProject Tests) Find(IReadOnlyList<CSharpProject> projects, string target)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var directory = Path.GetDirectoryName(target)?.Replace('\\', '/') ?? string.Empty;
        var library = projects.Where(p => p.Directory.Length == 0 || directory == p.Directory || directory.StartsWith(p.Directory + "/", StringComparison.Ordinal))
            .OrderByDescending(p => p.Directory.Length).FirstOrDefault()
            ?? throw new LightningException(ErrorKind.Invalid, NoProjectCode, $"'{target}' is not part of a C# project: there is no .csproj in its directory or above it.");
        if (library.IsTest)
        {
            throw new LightningException(ErrorKind.Invalid, NoProjectCode, $"'{target}' belongs to the test project {library.File}: name a file of the code under test.");
        }

        var referencing = projects.Where(p => p.IsTest && p.References.Contains(library.File, StringComparer.Ordinal)).ToList();
        var tests = referencing.FirstOrDefault(p => p.TestFramework == "xunit");
        if (tests is not null)
        {
            return (library, tests);
        }

        var suggested = library.Name + ".Tests";
        throw new LightningException(ErrorKind.Invalid, NoTestProjectCode, referencing.Count > 0
            ? $"{referencing[0].File} tests {library.File} with {referencing[0].TestFramework ?? "an unknown framework"}: C# tests are generated for xUnit test projects only."
            : $"No xUnit test project references {library.File}, so generated tests have nowhere to go: add one (dotnet new xunit3 -o {suggested}; dotnet add {suggested} reference {library.File}; dotnet add {suggested} package coverlet.collector) and generate again.");
    }

    static CSharpProject Read(string repository, string path)
    {
        var relative = Path.GetRelativePath(repository, path).Replace('\\', '/');
        var directory = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? string.Empty;
        var text = File.ReadAllText(path);
        XDocument? document = null;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            // A project file that is not XML builds nothing either; it is listed with what its text says.
        }

        var elements = document?.Descendants().ToList() ?? [];
        string? Value(string name) => elements.LastOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
        var packages = elements.Where(e => e.Name.LocalName == "PackageReference").Select(e => (string?)e.Attribute("Include") ?? string.Empty).ToList();
        var inherited = InheritedProps(repository, directory);
        packages.AddRange(PackageInclude().Matches(inherited).Select(match => match.Groups["id"].Value));
        var framework = packages.Any(p => p.StartsWith("xunit", StringComparison.OrdinalIgnoreCase)) ? "xunit"
            : packages.Any(p => p.StartsWith("NUnit", StringComparison.OrdinalIgnoreCase)) ? "NUnit"
            : packages.Any(p => p.StartsWith("MSTest", StringComparison.OrdinalIgnoreCase)) || text.Contains("MSTest.Sdk", StringComparison.Ordinal) ? "MSTest"
            : null;
        var isTest = framework is not null || string.Equals(Value("IsTestProject"), "true", StringComparison.OrdinalIgnoreCase)
            || packages.Contains("Microsoft.NET.Test.Sdk", StringComparer.OrdinalIgnoreCase);
        var references = elements.Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => ((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/'))
            .Where(include => include.Length > 0)
            .Select(include => Path.GetRelativePath(repository, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include))).Replace('\\', '/'))
            .ToList();
        var inheritedUsings = ImplicitUsingsValue().Match(inherited);
        var implicitUsings = Value("ImplicitUsings") ?? (inheritedUsings.Success ? inheritedUsings.Groups["value"].Value : null);
        return new CSharpProject(relative, directory, Identifier(Value("RootNamespace") ?? Path.GetFileNameWithoutExtension(path)), isTest, framework,
            implicitUsings is "enable" or "true", references);
    }

    /// <summary>The text of every Directory.Build.props from the project's directory up to the repository (test packages and ImplicitUsings are often set there).</summary>
    static string InheritedProps(string repository, string directory)
    {
        var texts = new List<string>();
        for (var current = directory; ; current = Path.GetDirectoryName(current)?.Replace('\\', '/') ?? string.Empty)
        {
            var props = Path.Combine(repository, current, "Directory.Build.props");
            if (File.Exists(props) && new FileInfo(props).LinkTarget is null)
            {
                texts.Add(File.ReadAllText(props));
            }

            if (current.Length == 0)
            {
                break;
            }
        }

        return string.Join('\n', texts);
    }

    /// <summary>A dotted name of valid identifiers: <c>My-App.Tests</c> → <c>My_App.Tests</c>.</summary>
    public static string Identifier(string name)
    {
        var parts = name.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            var cleaned = new string([.. part.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_')]);
            return cleaned.Length == 0 || char.IsDigit(cleaned[0]) ? "_" + cleaned : cleaned;
        });
        var joined = string.Join('.', parts);
        return joined.Length == 0 ? "Generated" : joined;
    }

    [GeneratedRegex("""<PackageReference\s+Include="(?<id>[^"]+)""", RegexOptions.ExplicitCapture)]
    private static partial Regex PackageInclude();

    [GeneratedRegex("<ImplicitUsings>\\s*(?<value>\\w+)\\s*</ImplicitUsings>", RegexOptions.ExplicitCapture)]
    private static partial Regex ImplicitUsingsValue();
}
