using Lightning.Testing.Detection;

namespace Lightning.Testing.Coverage.Collectors;

/// <summary>
/// How to run one project's tests so that its coverage tool writes a report the platform reads: a description, run by
/// whoever runs the tests. In order: write <see cref="Files"/>, run <see cref="Before"/>, run <see cref="Command"/>
/// (in the project's directory, with <see cref="Environment"/> added; it replaces the project's own test command),
/// then run <see cref="After"/> even when tests failed, since a failing run still has coverage. The report is then
/// <see cref="Report"/> under <see cref="OutputDirectory"/> (<see cref="FindReports"/>).
/// </summary>
public sealed record CoverageCollection
{
    public required TestFramework Framework { get; init; }

    public required CoverageFormat Format { get; init; }

    /// <summary>Absolute; every file the collection writes goes here.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The report, relative to <see cref="OutputDirectory"/>: a path, or a glob where the tool names a directory itself (coverlet's run id).</summary>
    public required string Report { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Added to the environment of the command and of every step.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<CoverageHelperFile> Files { get; init; } = [];

    public IReadOnlyList<CoverageStep> Before { get; init; } = [];

    public IReadOnlyList<CoverageStep> After { get; init; } = [];

    /// <summary>What the project or machine must have for this to work, said the way a user acts on it.</summary>
    public IReadOnlyList<string> Requirements { get; init; } = [];

    /// <summary>The reports written, once the collection has run (several with coverlet when a solution has several test projects).</summary>
    public IReadOnlyList<string> FindReports()
    {
        if (!Directory.Exists(OutputDirectory))
        {
            return [];
        }

        if (Report.IndexOfAny(['*', '?']) < 0)
        {
            var path = Path.Combine(OutputDirectory, Report);
            return File.Exists(path) ? [path] : [];
        }

        return [.. Directory.EnumerateFiles(OutputDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None })
            .Where(file => Glob.Matches(Report, Path.GetRelativePath(OutputDirectory, file).Replace('\\', '/')))
            .Order(StringComparer.Ordinal)];
    }
}
