using Lightning.Git.Releases;
using Semver;

namespace Lightning.Git.Tests.Releases;

public sealed class SemanticVersioningTests
{
    static readonly ReleasePackage Api = new("api", "services/api");

    [Theory]
    [InlineData("v1.2.3", "v", null, "1.2.3")]
    [InlineData("1.2.3", "v", null, "1.2.3")]
    [InlineData("v1.2.3-rc.1+build.5", "v", null, "1.2.3-rc.1+build.5")]
    [InlineData("release-2.0.0", "release-", null, "2.0.0")]
    [InlineData("v1.2", "v", null, null)]
    [InlineData("v01.2.3", "v", null, null)]
    [InlineData("version-1.2.3", "v", null, null)]
    [InlineData("api@1.2.3", "v", null, null)]
    [InlineData("api@1.2.3", "v", "api", "1.2.3")]
    [InlineData("api/v1.2.3", "v", "api", "1.2.3")]
    [InlineData("api/1.2.3", "v", "api", "1.2.3")]
    [InlineData("v1.2.3", "v", "api", null)]
    [InlineData("apiary@1.2.3", "v", "api", null)]
    public void ParseTag_Forms_ReadsVersionOrNull(string tag, string prefix, string? package, string? expected)
    {
        var version = SemanticVersioning.ParseTag(tag, prefix, package is null ? null : Api);

        (version?.ToString()).ShouldBe(expected);
    }

    [Theory]
    [InlineData("1.2.3", VersionBump.None, "1.2.3")]
    [InlineData("1.2.3", VersionBump.Patch, "1.2.4")]
    [InlineData("1.2.3", VersionBump.Minor, "1.3.0")]
    [InlineData("1.2.3", VersionBump.Major, "2.0.0")]
    [InlineData("0.2.3", VersionBump.Major, "0.3.0")]
    [InlineData("1.3.0-rc.2", VersionBump.Patch, "1.3.1")]
    public void Apply_Bump_MovesVersion(string current, VersionBump bump, string expected)
    {
        SemanticVersioning.Apply(SemVersion.Parse(current, SemVersionStyles.Strict), bump, new ReleaseOptions()).ToString().ShouldBe(expected);
    }

    [Fact]
    public void NextPrerelease_ExistingNumbers_OnePastHighestOfSameChannelAndVersion()
    {
        var existing = new[] { "1.3.0-rc.1", "1.3.0-rc.9", "1.3.0-rc.10", "1.3.0-beta.40", "1.2.0-rc.50", "1.3.0-rc" }
            .Select(v => SemVersion.Parse(v, SemVersionStyles.Strict));

        SemanticVersioning.NextPrerelease(SemVersion.Parse("1.3.0", SemVersionStyles.Strict), "rc", existing).ToString().ShouldBe("1.3.0-rc.11");
    }

    [Fact]
    public void TagFor_PackageStyles_WritesTheirForm()
    {
        var version = SemVersion.Parse("1.0.0", SemVersionStyles.Strict);

        SemanticVersioning.TagFor(version, "v").ShouldBe("v1.0.0");
        SemanticVersioning.TagFor(version, "v", Api).ShouldBe("api@1.0.0");
        SemanticVersioning.TagFor(version, "v", Api with { TagStyle = PackageTagStyle.SlashV }).ShouldBe("api/v1.0.0");
    }
}
