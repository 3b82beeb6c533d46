using System.Globalization;

namespace Lightning.Git.Repositories;

/// <summary>Reads hunks out of one file's unified diff; both back-ends hand their patch text to it.</summary>
internal static class UnifiedDiff
{
    /// <summary>The patch from its first hunk header on; empty when it has none (binary, mode-only, pure rename).</summary>
    public static string FromFirstHunk(string patch)
    {
        if (patch.StartsWith("@@ ", StringComparison.Ordinal))
        {
            return patch;
        }

        var index = patch.IndexOf("\n@@ ", StringComparison.Ordinal);
        return index < 0 ? string.Empty : patch[(index + 1)..];
    }

    public static IReadOnlyList<GitDiffHunk> Hunks(string patch)
    {
        var hunks = new List<GitDiffHunk>();
        if (patch.Length == 0)
        {
            return hunks;
        }

        List<GitDiffLine>? lines = null;
        int oldStart = 0, oldCount = 0, newStart = 0, newCount = 0, oldLine = 0, newLine = 0;
        var context = string.Empty;
        // Lines are cut from the patch as spans; only a line's content becomes a string (a 5,000-file patch has
        // ~100,000 lines, and splitting first would allocate each one twice).
        // Split on '\n' only: EnumerateLines would also cut at '\r' and other separators inside a line's content.
        var text = patch.AsSpan(0, patch.EndsWith('\n') ? patch.Length - 1 : patch.Length);
        foreach (var range in text.Split('\n'))
        {
            var line = text[range];
            if (line.StartsWith("@@ ", StringComparison.Ordinal))
            {
                Flush();
                (oldStart, oldCount, newStart, newCount, context) = ParseHeader(line);
                oldLine = oldStart;
                newLine = newStart;
                lines = [];
                continue;
            }

            if (lines is null || line.Length == 0)
            {
                continue;
            }

            switch (line[0])
            {
                case ' ':
                    lines.Add(new GitDiffLine(' ', oldLine++, newLine++, line[1..].ToString()));
                    break;
                case '+':
                    lines.Add(new GitDiffLine('+', null, newLine++, line[1..].ToString()));
                    break;
                case '-':
                    lines.Add(new GitDiffLine('-', oldLine++, null, line[1..].ToString()));
                    break;
                case '\\' when lines.Count > 0:
                    lines[^1] = lines[^1] with { NoNewlineAtEnd = true };
                    break;
            }
        }

        Flush();
        return hunks;

        void Flush()
        {
            if (lines is not null)
            {
                hunks.Add(new GitDiffHunk(oldStart, oldCount, newStart, newCount, context, lines));
            }
        }
    }

    static (int OldStart, int OldCount, int NewStart, int NewCount, string Context) ParseHeader(ReadOnlySpan<char> header)
    {
        // @@ -a[,b] +c[,d] @@[ context]
        var close = header[3..].IndexOf(" @@", StringComparison.Ordinal) + 3;
        var ranges = header[3..close];
        var space = ranges.IndexOf(' ');
        var (oldStart, oldCount) = Range(ranges[..space]);
        var (newStart, newCount) = Range(ranges[(space + 1)..]);
        var rest = header[(close + 3)..];
        return (oldStart, oldCount, newStart, newCount, (rest.StartsWith(' ') ? rest[1..] : rest).ToString());
    }

    static (int Start, int Count) Range(ReadOnlySpan<char> range)
    {
        var body = range[1..];
        var comma = body.IndexOf(',');
        return comma < 0
            ? (int.Parse(body, CultureInfo.InvariantCulture), 1)
            : (int.Parse(body[..comma], CultureInfo.InvariantCulture), int.Parse(body[(comma + 1)..], CultureInfo.InvariantCulture));
    }
}
