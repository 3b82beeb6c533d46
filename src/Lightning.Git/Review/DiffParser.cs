using System.Globalization;
using System.Text;
using Lightning.Core.Errors;

namespace Lightning.Git.Review;

/// <summary>
/// Reads the two outputs of one diff: <c>--numstat -z</c> names each file exactly (no quoting, renames as old and new,
/// <c>-</c> counts for binary files) and <c>--unified=0</c> patch text gives the lines. git writes both in the same
/// order, so the n-th patch section belongs to the n-th numstat entry and paths never have to be unquoted from headers.
/// </summary>
internal static class DiffParser
{
    public static List<DiffFile> Parse(string numstat, string patch)
    {
        var files = ParseNumstat(numstat);
        var sections = Sections(patch);
        if (sections.Count != files.Count)
        {
            throw new LightningException(ErrorKind.Upstream, "git.unexpected_output",
                $"git diff described {files.Count} file(s) but printed {sections.Count} patch section(s).");
        }

        for (var i = 0; i < files.Count; i++)
        {
            ReadSection(files[i], sections[i]);
        }

        return files;
    }

    static List<DiffFile> ParseNumstat(string numstat)
    {
        var files = new List<DiffFile>();
        var tokens = numstat.Split('\0');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i].TrimStart('\n');
            if (token.Length == 0)
            {
                continue;
            }

            var parts = token.Split('\t', 3);
            if (parts.Length < 3)
            {
                continue;
            }

            var binary = string.Equals(parts[0], "-", StringComparison.Ordinal);
            if (parts[2].Length == 0 && i + 2 < tokens.Length)
            {
                files.Add(new DiffFile(tokens[i + 2], tokens[i + 1], binary));
                i += 2;
            }
            else
            {
                files.Add(new DiffFile(parts[2], null, binary));
            }
        }

        return files;
    }

    static List<List<string>> Sections(string patch)
    {
        var sections = new List<List<string>>();
        foreach (var line in patch.Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                sections.Add([]);
            }
            else if (sections.Count > 0)
            {
                sections[^1].Add(line);
            }
        }

        return sections;
    }

    static void ReadSection(DiffFile file, List<string> lines)
    {
        var inHunk = false;
        var newLine = 0;
        var oldLine = 0;
        foreach (var line in lines)
        {
            if (!inHunk)
            {
                if (line.StartsWith("new file mode", StringComparison.Ordinal))
                {
                    file.Status = DiffStatus.Added;
                }
                else if (line.StartsWith("deleted file mode", StringComparison.Ordinal))
                {
                    file.Status = DiffStatus.Deleted;
                }
            }

            if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                inHunk = true;
                (oldLine, newLine) = HunkStarts(line);
                continue;
            }

            if (!inHunk || line.Length == 0)
            {
                continue;
            }

            switch (line[0])
            {
                case '+':
                    file.Lines.Add(new DiffLine(DiffLineKind.Added, newLine++, line[1..].TrimEnd('\r')));
                    break;
                case '-':
                    file.Lines.Add(new DiffLine(DiffLineKind.Removed, oldLine++, line[1..].TrimEnd('\r')));
                    break;
                default:
                    // "\ No newline at end of file" and anything else carries no line of either side.
                    break;
            }
        }
    }

    /// <summary>The first old and new line numbers of <c>@@ -a[,b] +c[,d] @@</c>.</summary>
    internal static (int Old, int New) HunkStarts(string header)
    {
        var parts = header.Split(' ', 4);
        return parts.Length >= 3 ? (Start(parts[1]), Start(parts[2])) : (0, 0);

        static int Start(string range)
        {
            var digits = range.AsSpan(1);
            var comma = digits.IndexOf(',');
            return int.TryParse(comma < 0 ? digits : digits[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : 0;
        }
    }

    /// <summary>
    /// The diff as numbered lines a model can cite, at most <paramref name="maxChars"/> long; <paramref name="visible"/>
    /// receives the files and added lines that made it into the text.
    /// </summary>
    public static string Render(
        IEnumerable<DiffFile> files, int maxChars, Func<string, string> mask, Dictionary<string, HashSet<int>> visible, out bool truncated)
    {
        var text = new StringBuilder();
        truncated = false;
        foreach (var file in files)
        {
            var header = file.Status switch
            {
                DiffStatus.Added => $"=== {file.Path} (new file)",
                DiffStatus.Deleted => $"=== {file.Path} (deleted)",
                DiffStatus.Renamed => $"=== {file.Path} (renamed from {file.OldPath})",
                _ => $"=== {file.Path}",
            };
            if (!Fits(text, header + (file.Binary ? " (binary)" : string.Empty), maxChars))
            {
                truncated = true;
                return text.ToString();
            }

            var lines = new HashSet<int>();
            visible[file.Path] = lines;
            foreach (var line in file.Lines)
            {
                var rendered = line.Kind == DiffLineKind.Added
                    ? string.Create(CultureInfo.InvariantCulture, $"+{line.Line,6} | {mask(line.Text)}")
                    : $"-       | {mask(line.Text)}";
                if (!Fits(text, rendered, maxChars))
                {
                    truncated = true;
                    return text.ToString();
                }

                if (line.Kind == DiffLineKind.Added)
                {
                    lines.Add(line.Line);
                }
            }
        }

        return text.ToString();

        static bool Fits(StringBuilder text, string line, int maxChars)
        {
            if (text.Length + line.Length + 1 > maxChars)
            {
                return false;
            }

            text.Append(line).Append('\n');
            return true;
        }
    }
}
