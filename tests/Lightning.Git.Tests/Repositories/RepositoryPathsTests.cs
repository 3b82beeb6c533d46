using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

public sealed class RepositoryPathsTests
{
    const string Root = "/srv/repo";

    [Theory]
    [InlineData("src/a.cs", "src/a.cs")]
    [InlineData("./src/../src/a.cs", "src/a.cs")]
    [InlineData("/srv/repo/docs", "docs")]
    [InlineData(".", ".")]
    [InlineData("/srv/repo", ".")]
    [InlineData("naïve café.md", "naïve café.md")]
    public void Confine_InsideRepository_ReturnsRelativePath(string path, string expected) =>
        RepositoryPaths.Confine(Root, path).ShouldBe(expected);

    [Theory]
    [InlineData("..")]
    [InlineData("../other/a.cs")]
    [InlineData("src/../../a.cs")]
    [InlineData("/srv/repo2/a.cs")]
    [InlineData("/etc/passwd")]
    [InlineData(".git/hooks/pre-commit")]
    [InlineData("src/../.git")]
    public void Confine_OutsideRepository_ThrowsPathOutside(string path) =>
        Should.Throw<LightningException>(() => RepositoryPaths.Confine(Root, path)).Code.ShouldBe("git.path_outside_repository");

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a\0b")]
    public void Confine_Empty_ThrowsInvalidPath(string path) =>
        Should.Throw<LightningException>(() => RepositoryPaths.Confine(Root, path)).Code.ShouldBe("git.invalid_path");
}
