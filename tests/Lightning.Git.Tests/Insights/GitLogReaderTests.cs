using System.Globalization;
using System.Text;
using Lightning.Git.Insights;

namespace Lightning.Git.Tests.Insights;

public sealed class GitLogReaderTests
{
    /// <summary>Hands out a few bytes per read, so tokens straddle every buffer boundary.</summary>
    sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    [Fact]
    public async Task ParseAsync_TenThousandCommitsReadInSmallPieces_AllCommitsAndFilesArrive()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            text.Append('\u001e').Append(CultureInfo.InvariantCulture, $"{i:x40}\u001f{i + 1:x40}\u001fAuthor {i % 7}\u001fa{i % 7}@example.com\u001f{1_767_225_600 + i}\0\n");
            text.Append(CultureInfo.InvariantCulture, $"{i % 5}\t1\tsrc/file{i % 100}.cs\0");
            text.Append("-\t-\timg/logo.png\0");
        }

        var commits = 0;
        var files = 0;
        var binaries = 0;
        var added = 0L;
        var lastAuthor = string.Empty;
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(text.ToString()), 7);

        await GitLogReader.ParseAsync(stream, commit =>
        {
            commits++;
            files += commit.Files.Count;
            binaries += commit.Files.Count(file => file.Binary);
            added += commit.Files.Sum(file => file.Added);
            lastAuthor = commit.AuthorName;
            commit.ParentCount.ShouldBe(1);
        }, TestContext.Current.CancellationToken);

        commits.ShouldBe(10_000);
        files.ShouldBe(20_000);
        binaries.ShouldBe(10_000);
        added.ShouldBe(Enumerable.Range(0, 10_000).Sum(i => (long)(i % 5)));
        lastAuthor.ShouldBe("Author 3");
    }

    [Fact]
    public async Task ParseAsync_RenameEntry_KeepsTheNewPath()
    {
        var text = "\u001e" + new string('a', 40) + "\u001f\u001fA\u001fa@x\u001f0\0\n3\t1\t\0old/name.txt\0new/name.txt\0";
        var paths = new List<string>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));

        await GitLogReader.ParseAsync(stream, commit => paths.AddRange(commit.Files.Select(file => $"{file.Path}:{file.Added}:{file.Removed}")),
            TestContext.Current.CancellationToken);

        paths.ShouldBe(["new/name.txt:3:1"]);
    }
}
