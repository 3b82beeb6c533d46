using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.TestUtilities;

namespace Lightning.Core.Tests.Workspaces;

public sealed class WorkspaceTests : IDisposable
{
    readonly TempDirectory _directory = new();
    readonly Workspace _workspace;

    public WorkspaceTests()
    {
        _workspace = new Workspace(_directory.Combine("ws"));
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("file.txt")]
    [InlineData("a/b/c.txt")]
    [InlineData("a/../b.txt")]
    [InlineData("./x")]
    public void Resolve_PathInside_ReturnsFullPath(string path) =>
        _workspace.Resolve(path).ShouldStartWith(_workspace.Root + "/");

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("bad\0name")]
    public void Resolve_PathOutsideOrMalformed_IsRejected(string path)
    {
        var error = Should.Throw<LightningException>(() => _workspace.Resolve(path));

        error.Code.ShouldBe("workspace.path_rejected");
        error.Kind.ShouldBe(ErrorKind.Invalid);
    }

    [Fact]
    public void Resolve_SymbolicLinkLeadingOut_IsRejected()
    {
        Directory.CreateDirectory(_directory.Combine("secret"));
        File.WriteAllText(_directory.Combine("secret", "key"), "x");
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Root, "escape"), _directory.Combine("secret"));

        Should.Throw<LightningException>(() => _workspace.Resolve("escape/key")).Message.ShouldContain("symbolic link");
    }

    [Fact]
    public void Resolve_SymbolicLinkInside_IsAllowed()
    {
        Directory.CreateDirectory(Path.Combine(_workspace.Root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_workspace.Root, "alias"), Path.Combine(_workspace.Root, "real"));

        _workspace.Resolve("alias/file").ShouldEndWith("alias/file");
    }

    [Fact]
    public async Task WriteTextAsync_ThenRead_RoundTripsAndLeavesNoTempFiles()
    {
        var token = TestContext.Current.CancellationToken;

        var written = await WorkspaceFiles.WriteTextAsync(_workspace, "dir/hello.txt", "héllo", token);
        var read = await WorkspaceFiles.ReadTextAsync(_workspace, "dir/hello.txt", 1024, token);

        written.ShouldBe(6);
        read.ShouldBe("héllo");
        Directory.GetFiles(Path.Combine(_workspace.Root, "dir")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ReadTextAsync_FileOverLimit_IsRejected()
    {
        var token = TestContext.Current.CancellationToken;
        await WorkspaceFiles.WriteTextAsync(_workspace, "big.txt", new string('x', 2000), token);

        var error = await Should.ThrowAsync<LightningException>(() => WorkspaceFiles.ReadTextAsync(_workspace, "big.txt", 1000, token));

        error.Code.ShouldBe("workspace.file_too_large");
    }

    [Fact]
    public async Task ReadTextAsync_MissingFile_IsNotFound()
    {
        var error = await Should.ThrowAsync<LightningException>(() => WorkspaceFiles.ReadTextAsync(_workspace, "nope.txt", 1000, TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(ErrorKind.NotFound);
    }

    [Fact]
    public async Task List_Recursive_ListsFilesAndDirectoriesSorted()
    {
        var token = TestContext.Current.CancellationToken;
        await WorkspaceFiles.WriteTextAsync(_workspace, "b.txt", "1", token);
        await WorkspaceFiles.WriteTextAsync(_workspace, "a/c.txt", "22", token);

        var entries = WorkspaceFiles.List(_workspace, ".", recursive: true);

        entries.Select(e => e.Path).ShouldBe(["a", "a/c.txt", "b.txt"]);
        entries.Single(e => e.Path == "a").IsDirectory.ShouldBeTrue();
        entries.Single(e => e.Path == "a/c.txt").Size.ShouldBe(2);
    }
}
