namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// Walks a directory without leaving it: symbolic links are never followed (a link is skipped, whether it points in
/// or out), dependency, build-output and VCS directories are skipped, and the walk stops after a number of files.
/// Entries are visited in name order, so a truncated walk is the same walk every time.
/// </summary>
internal static class RepositoryScanner
{
    /// <summary>Directories of dependencies, build output, tool caches and version control: never the project's own sources.</summary>
    static readonly HashSet<string> SkippedDirectories = new(StringComparer.OrdinalIgnoreCase)
    {
        ".git", ".hg", ".svn", "node_modules", "bower_components", "jspm_packages", "bin", "obj", "target", "vendor", "dist",
        "build", "out", ".venv", "venv", "__pycache__", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
        ".gradle", ".idea", ".vs", ".vscode-test", ".next", ".nuxt", ".svelte-kit", ".angular", ".parcel-cache", ".turbo",
        ".cache", "coverage", ".nyc_output", ".terraform", ".dart_tool", "Pods", ".bundle", ".cargo", ".stack-work", "_build", "deps",
    };

    // Larger files count in the totals but are not read for lines: generated or data, and slow to read.
    const long MaxBytesToCountLines = 16 * 1024 * 1024;

    public static RepositoryScan Scan(string root, int maxFiles, CancellationToken cancellationToken)
    {
        var scan = new RepositoryScan();
        var options = new EnumerationOptions
        {
            IgnoreInaccessible = true,
            RecurseSubdirectories = false,
            // The default skips hidden entries, which on Unix are dot files: .github and .gitlab-ci.yml matter here.
            AttributesToSkip = FileAttributes.None,
            ReturnSpecialDirectories = false,
        };
        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((root, string.Empty));
        var buffer = new byte[64 * 1024];
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (directory, relative) = pending.Pop();
            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(directory).GetFileSystemInfos("*", options);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            var subdirectories = new List<(string, string)>();
            foreach (var entry in entries)
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo)
                {
                    if (!SkippedDirectories.Contains(entry.Name) && !entry.Name.EndsWith(".egg-info", StringComparison.OrdinalIgnoreCase))
                    {
                        subdirectories.Add((entry.FullName, path));
                    }

                    continue;
                }

                if (entry is not FileInfo file)
                {
                    continue;
                }

                if (scan.Files.Count >= maxFiles)
                {
                    scan.Truncated = true;
                    return scan;
                }

                Count(scan, file, path, buffer);
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                scan.Directories.Add(subdirectories[i].Item2);
                pending.Push(subdirectories[i]);
            }
        }

        return scan;
    }

    static void Count(RepositoryScan scan, FileInfo file, string path, byte[] buffer)
    {
        long length;
        try
        {
            length = file.Length;
        }
        catch (IOException)
        {
            return;
        }

        scan.Files.Add(path);
        scan.Bytes += length;
        var language = LanguageMap.Of(file.Name);
        if (language is null && !LanguageMap.IsText(file.Name))
        {
            return;
        }

        // Named pipes, sockets and devices list as ordinary files of length 0 on Unix; opening a pipe would block, so
        // only files with content are opened.
        var lines = length is > 0 and <= MaxBytesToCountLines ? CountLines(file.FullName, buffer) : 0;
        scan.Lines += lines;
        if (language is not null)
        {
            var (files, languageLines) = scan.Languages.GetValueOrDefault(language);
            scan.Languages[language] = (files + 1, languageLines + lines);
        }
    }

    /// <summary>Lines of a text file (a last line without a newline counts); 0 for a file that looks binary.</summary>
    static long CountLines(string path, byte[] buffer)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            long lines = 0;
            var first = true;
            var last = (byte)'\n';
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                var span = buffer.AsSpan(0, read);
                if (first && span[..Math.Min(span.Length, 8000)].Contains((byte)0))
                {
                    return 0;
                }

                first = false;
                lines += span.Count((byte)'\n');
                last = span[^1];
            }

            return last == (byte)'\n' ? lines : lines + 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
