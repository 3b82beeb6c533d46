namespace Lightning.Testing.Detection.Toolchains;

/// <summary>
/// Finds programs on a search path the way a shell would, but for a path we choose: the process starter resolves bare
/// names on the server's own PATH, so probing a narrower path (or a user's) means resolving here and running full paths.
/// </summary>
internal static class ExecutableSearch
{
    /// <summary>Every executable file named <paramref name="name"/> on <paramref name="searchPath"/>, in order, each once.</summary>
    public static IReadOnlyList<string> FindAll(string name, string searchPath)
    {
        var found = new List<string>();
        var real = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathFullyQualified(directory))
            {
                // A relative PATH entry would depend on the working directory: not searched.
                continue;
            }

            var candidate = Path.Combine(directory, name);
            if (IsExecutableFile(candidate) && real.Add(RealPath(candidate)))
            {
                found.Add(candidate);
            }
        }

        return found;
    }

    public static string? Find(string name, string searchPath) => FindAll(name, searchPath) is [var first, ..] ? first : null;

    static bool IsExecutableFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return false;
            }

            return OperatingSystem.IsWindows()
                || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != UnixFileMode.None;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    static string RealPath(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }
}
