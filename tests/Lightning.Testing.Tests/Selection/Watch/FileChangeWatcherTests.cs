using Lightning.Testing.Selection.Watch;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Selection.Watch;

public sealed class FileChangeWatcherTests
{
    [Fact]
    public async Task WatchAsync_BurstOfSaves_OneBatchWithoutIgnoredFolders()
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("src"));
        Directory.CreateDirectory(directory.Combine("node_modules", "x"));
        Directory.CreateDirectory(directory.Combine("__pycache__"));
        Directory.CreateDirectory(directory.Combine(".git"));
        using var watcher = new FileChangeWatcher(directory.Path) { Quiet = TimeSpan.FromMilliseconds(300) };
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromSeconds(20));
        await using var batches = watcher.WatchAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var next = batches.MoveNextAsync().AsTask();
        await Task.Delay(200, TestContext.Current.CancellationToken);

        // An editor's save: a scratch file renamed over the original, plus noise in ignored places.
        await File.WriteAllTextAsync(directory.Combine("src", "a.py.tmp"), "a = 1\n", TestContext.Current.CancellationToken);
        File.Move(directory.Combine("src", "a.py.tmp"), directory.Combine("src", "a.py"));
        await File.WriteAllTextAsync(directory.Combine("src", "b.py"), "b = 1\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(directory.Combine("node_modules", "x", "index.js"), "x\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(directory.Combine("__pycache__", "a.pyc"), "x", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(directory.Combine(".git", "index"), "x", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(directory.Combine("src", ".a.py.swp"), "x", TestContext.Current.CancellationToken);

        Assert.True(await next);
        var batch = batches.Current;

        Assert.Equal(["src/a.py", "src/b.py"], batch.Paths);
        Assert.False(batch.Overflowed);

        // The next save is a batch of its own.
        next = batches.MoveNextAsync().AsTask();
        await File.AppendAllTextAsync(directory.Combine("src", "b.py"), "c = 2\n", TestContext.Current.CancellationToken);
        Assert.True(await next);
        Assert.Equal(["src/b.py"], batches.Current.Paths);
    }

    [Theory]
    [InlineData("src/a.py", false)]
    [InlineData("node_modules/jest/index.js", true)]
    [InlineData("pkg/__pycache__/a.cpython-311.pyc", true)]
    [InlineData(".git/HEAD", true)]
    [InlineData("bin/Debug/x.dll", true)]
    [InlineData("src/#a.py#", false)]
    [InlineData("src/a.py~", true)]
    [InlineData("src/.#a.py", true)]
    [InlineData("../outside.py", true)]
    public void IsIgnored_Paths(string path, bool ignored) => Assert.Equal(ignored, FileChangeWatcher.IsIgnored(path));
}
