using Lightning.Testing.Selection;

namespace Lightning.Testing.Tests.Selection;

public sealed class GitDiffParserTests
{
    [Fact]
    public void Parse_RenamesBinaryQuotedAndModeChanges_ReadsEachHeader()
    {
        const string diff = """
            diff --git a/old.py b/new.py
            similarity index 100%
            rename from old.py
            rename to new.py
            diff --git a/logo.png b/logo.png
            index 1..2 100644
            Binary files a/logo.png and b/logo.png differ
            diff --git "a/caf\303\251 x.py" "b/caf\303\251 x.py"
            index 1..2 100644
            --- "a/caf\303\251 x.py"
            +++ "b/caf\303\251 x.py"
            @@ -4 +4,2 @@ def f():
            -a
            +b
            +c
            diff --git a/run.sh b/run.sh
            old mode 100644
            new mode 100755
            """;

        var files = GitDiffParser.Parse(diff.Replace("\r", "", StringComparison.Ordinal));

        Assert.Equal(4, files.Count);
        Assert.Equal(ChangeKind.Renamed, files[0].Kind);
        Assert.Equal("old.py", files[0].OldPath);
        Assert.Equal("new.py", files[0].Path);
        Assert.True(files[1].Binary);
        Assert.True(files[1].WholeFile);
        Assert.Equal("café x.py", files[2].Path);
        Assert.Equal([new LineRange(4, 5)], files[2].Lines);
        Assert.Equal([new LineRange(4, 4)], files[2].OldLines);
        Assert.Equal("run.sh", files[3].Path);
        Assert.True(files[3].WholeFile);
    }

    [Fact]
    public void FromLines_MergesRuns()
    {
        Assert.Equal("3-5, 9", LineRange.Describe(LineRange.FromLines([9, 4, 3, 5, 4])));
    }
}
