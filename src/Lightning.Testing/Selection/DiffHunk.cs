namespace Lightning.Testing.Selection;

/// <summary>One <c>@@ -OldStart,OldCount +NewStart,NewCount @@</c> hunk of a diff.</summary>
public sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount)
{
    /// <summary>
    /// Where the new version's <paramref name="line"/> was in the old version, through <paramref name="hunks"/> (sorted):
    /// shifted by the hunks before it, or the old lines of the hunk that rewrote it.
    /// </summary>
    public static LineRange ToOld(IReadOnlyList<DiffHunk> hunks, int line)
    {
        ArgumentNullException.ThrowIfNull(hunks);
        var delta = 0;
        foreach (var hunk in hunks)
        {
            var newEnd = hunk.NewStart + Math.Max(hunk.NewCount, 1) - 1;
            if (hunk.NewCount > 0 && line >= hunk.NewStart && line <= newEnd)
            {
                return hunk.OldCount > 0
                    ? new LineRange(hunk.OldStart, hunk.OldStart + hunk.OldCount - 1)
                    : new LineRange(Math.Max(1, hunk.OldStart), hunk.OldStart + 1);
            }

            if (hunk.NewStart + hunk.NewCount > line && hunk.NewCount > 0)
            {
                break;
            }

            if (hunk.NewCount == 0 && hunk.NewStart >= line)
            {
                break;
            }

            delta += hunk.NewCount - hunk.OldCount;
        }

        return new LineRange(line - delta, line - delta);
    }
}
