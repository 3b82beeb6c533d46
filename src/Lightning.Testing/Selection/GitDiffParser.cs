using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Selection;

/// <summary>
/// Reads the output of <c>git diff -U0 -M --src-prefix=a/ --dst-prefix=b/</c> into changed files with their changed
/// line ranges: hunk headers <c>@@ -a,b +c,d @@</c> give the old and new ranges (a count of 0 is a pure insertion or
/// deletion at that position), the extended headers give new, deleted, renamed and binary files.
/// </summary>
public static partial class GitDiffParser
{
    public static IReadOnlyList<ChangedFile> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var files = new List<ChangedFile>();
        FileBuilder? current = null;
        foreach (var line in diff.Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Flush();
                current = new FileBuilder();
                // Fallback names for headers without ---/+++ lines (pure renames, mode changes, binary files).
                if (SplitGitLine(line["diff --git ".Length..]) is var (a, b))
                {
                    current.OldPath = a;
                    current.NewPath = b;
                }

                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                var match = HunkHeader().Match(line);
                if (match.Success)
                {
                    current.AddHunk(Number(match.Groups[1]), match.Groups[2].Success ? Number(match.Groups[2]) : 1,
                        Number(match.Groups[3]), match.Groups[4].Success ? Number(match.Groups[4]) : 1);
                }

                current.InHunks = true;
                continue;
            }

            if (current.InHunks)
            {
                continue;
            }

            if (line.StartsWith("new file mode", StringComparison.Ordinal))
            {
                current.Kind = ChangeKind.Added;
            }
            else if (line.StartsWith("deleted file mode", StringComparison.Ordinal))
            {
                current.Kind = ChangeKind.Deleted;
            }
            else if (line.StartsWith("rename from ", StringComparison.Ordinal))
            {
                current.Kind = ChangeKind.Renamed;
                current.OldPath = Unquote(line["rename from ".Length..]);
            }
            else if (line.StartsWith("rename to ", StringComparison.Ordinal))
            {
                current.Kind = ChangeKind.Renamed;
                current.NewPath = Unquote(line["rename to ".Length..]);
            }
            else if (line.StartsWith("Binary files ", StringComparison.Ordinal) || line.StartsWith("GIT binary patch", StringComparison.Ordinal))
            {
                current.Binary = true;
            }
            else if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                var path = Unquote(line[4..]);
                current.OldPath = path == "/dev/null" ? current.OldPath : StripPrefix(path, "a/");
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var path = Unquote(line[4..]);
                current.NewPath = path == "/dev/null" ? current.NewPath : StripPrefix(path, "b/");
            }
        }

        Flush();
        return files;

        void Flush()
        {
            if (current?.Build() is { } file)
            {
                files.Add(file);
            }

            current = null;
        }
    }

    static int Number(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    static string StripPrefix(string path, string prefix) => path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;

    /// <summary>"a/x b/y" (unquoted paths cannot be split reliably when they hold " b/", so this is a fallback only).</summary>
    static (string, string)? SplitGitLine(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var end = ClosingQuote(rest);
            if (end < 0 || end + 2 > rest.Length)
            {
                return null;
            }

            return (StripPrefix(Unquote(rest[..(end + 1)]), "a/"), StripPrefix(Unquote(rest[(end + 2)..]), "b/"));
        }

        var middle = rest.IndexOf(" b/", StringComparison.Ordinal);
        return middle < 0 ? null : (StripPrefix(rest[..middle], "a/"), StripPrefix(Unquote(rest[(middle + 1)..]), "b/"));
    }

    static int ClosingQuote(string text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>git quotes paths with special characters C-style ("a\tb", octal bytes for non-ASCII with quotePath on).</summary>
    internal static string Unquote(string path)
    {
        path = path.TrimEnd('\r');
        if (path.Length < 2 || path[0] != '"' || path[^1] != '"')
        {
            return path.EndsWith('\t') ? path.TrimEnd('\t') : path;
        }

        var bytes = new List<byte>();
        for (var i = 1; i < path.Length - 1; i++)
        {
            var c = path[i];
            if (c != '\\' || i + 1 >= path.Length - 1)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            var next = path[++i];
            if (next is >= '0' and <= '7' && i + 2 < path.Length - 1)
            {
                bytes.Add(Convert.ToByte(path.Substring(i, 3), 8));
                i += 2;
                continue;
            }

            bytes.Add(next switch
            {
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'r' => (byte)'\r',
                'a' => 7,
                'b' => 8,
                'f' => 12,
                'v' => 11,
                _ => (byte)next,
            });
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex HunkHeader();

    sealed class FileBuilder
    {
        readonly List<int> _newLines = [];
        readonly List<int> _oldLines = [];
        readonly List<DiffHunk> _hunks = [];

        public string? OldPath { get; set; }

        public string? NewPath { get; set; }

        public ChangeKind Kind { get; set; } = ChangeKind.Modified;

        public bool Binary { get; set; }

        public bool InHunks { get; set; }

        public void AddHunk(int oldStart, int oldCount, int newStart, int newCount)
        {
            _hunks.Add(new DiffHunk(oldStart, oldCount, newStart, newCount));
            for (var line = newStart; line < newStart + newCount; line++)
            {
                _newLines.Add(line);
            }

            if (oldCount > 0)
            {
                for (var line = oldStart; line < oldStart + oldCount; line++)
                {
                    _oldLines.Add(line);
                }
            }
            else
            {
                // An insertion after old line oldStart: the lines either side are where the new code runs.
                _oldLines.Add(Math.Max(1, oldStart));
                _oldLines.Add(oldStart + 1);
            }

            if (newCount == 0)
            {
                // A deletion: the new file's lines around the gap.
                _newLines.Add(Math.Max(1, newStart));
                _newLines.Add(newStart + 1);
            }
        }

        public ChangedFile? Build()
        {
            var path = Kind == ChangeKind.Deleted ? OldPath : NewPath ?? OldPath;
            if (path is null)
            {
                return null;
            }

            var whole = Binary || Kind is ChangeKind.Added or ChangeKind.Deleted;
            return new ChangedFile(path, Kind)
            {
                OldPath = Kind == ChangeKind.Renamed ? OldPath : null,
                Lines = whole ? [] : LineRange.FromLines(_newLines),
                OldLines = whole ? [] : LineRange.FromLines(_oldLines),
                WholeFile = whole || (_newLines.Count == 0 && _oldLines.Count == 0 && Kind != ChangeKind.Renamed),
                Binary = Binary,
                Hunks = _hunks,
            };
        }
    }
}
