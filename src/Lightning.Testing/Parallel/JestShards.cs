using System.Text.Json;
using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists a Jest project's test files with <c>jest --listTests --json</c> (absolute paths, Jest's own testMatch and
/// ignores applied). Jest lists files, not tests, so a unit is a file: a shard runs its files by exact path
/// (<c>--runTestsByPath</c>), and a file's expected time is the sum of its tests' history.
/// </summary>
internal static class JestShards
{
    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(ShardLister lister, CancellationToken cancellationToken)
    {
        List<string> command = [.. lister.Command, "--listTests", "--json"];
        var result = await lister.RunAsync(command, cancellationToken);
        var files = result.Succeeded ? Parse(result.Output, lister.Directory) : null;
        if (files is null)
        {
            return (null, ShardLister.Failed(command, result));
        }

        var known = files.ToHashSet(StringComparer.Ordinal);
        return (new ShardListing([.. files.Select(file => new ShardUnit(file, [file]))], "test file", timing => FileOf(timing, known)), null);
    }

    /// <summary>The JSON array line of the output (warnings may surround it), as paths relative to the project with '/'.</summary>
    internal static List<string>? Parse(string output, string directory)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith('[') && l.EndsWith(']'));
        if (line is null)
        {
            return null;
        }

        try
        {
            var paths = JsonSerializer.Deserialize<List<string>>(line) ?? [];
            return [.. paths.Select(path => Relative(directory, path)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A recorded Jest case's file (its report's file attribute, or the scope of a test outside describe), as listed.</summary>
    static string? FileOf(TestTiming timing, HashSet<string> files)
    {
        var file = timing.File;
        if (string.IsNullOrEmpty(file))
        {
            var separator = timing.Id.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
            file = separator > 0 ? timing.Id[..separator] : null;
        }

        if (file is null)
        {
            return null;
        }

        file = file.Replace('\\', '/');
        if (file.StartsWith("./", StringComparison.Ordinal))
        {
            file = file[2..];
        }

        return files.Contains(file) ? file : files.FirstOrDefault(listed => file.EndsWith("/" + listed, StringComparison.Ordinal));
    }

    static string Relative(string directory, string path)
    {
        var relative = Path.GetRelativePath(directory, path);
        if (relative.StartsWith("..", StringComparison.Ordinal))
        {
            // Jest reports real paths: the project may be reached through a symbolic link.
            var real = new DirectoryInfo(directory).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            relative = real is null ? relative : Path.GetRelativePath(real, path);
        }

        return relative.Replace('\\', '/');
    }
}
