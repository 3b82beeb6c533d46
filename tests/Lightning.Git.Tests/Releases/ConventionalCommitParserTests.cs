using Lightning.Git.Releases;

namespace Lightning.Git.Tests.Releases;

public sealed class ConventionalCommitParserTests
{
    /// <summary>
    /// The conformance table: one or more rows per rule of Conventional Commits 1.0.0 (numbers in the comments are the
    /// specification's). Columns: message, conventional?, type, scope, breaking?, description, and for rejected
    /// messages a fragment of the reason.
    /// </summary>
    public static TheoryData<string, bool, string?, string?, bool, string?, string?> Table => new()
    {
        // 1. type, optional scope, optional !, then the REQUIRED colon and space.
        { "feat: add login", true, "feat", null, false, "add login", null },
        { "fix: handle null", true, "fix", null, false, "handle null", null },
        { "feat(parser): add arrays", true, "feat", "parser", false, "add arrays", null },
        { "feat(parser)!: drop arrays", true, "feat", "parser", true, "drop arrays", null },
        { "refactor!: rename everything", true, "refactor", null, true, "rename everything", null },
        { "feat:add login", false, null, null, false, null, "followed by a space" },
        { "feat add login", false, null, null, false, null, "':'" },
        { "feat", false, null, null, false, null, "followed by ': '" },
        { "feat : add login", false, null, null, false, null, "no whitespace" },
        { ": add login", false, null, null, false, null, "begin with a type" },
        { "(scope): add login", false, null, null, false, null, "begin with a type" },
        { "1feat: add login", false, null, null, false, null, "starts with a letter" },
        { "fe at: add login", false, null, null, false, null, "followed by ':' and a space" },
        { "feat.x: add login", false, null, null, false, null, "found '.'" },
        // 4. the scope is a noun in parentheses.
        { "feat(): add login", false, null, null, false, null, "scope is empty" },
        { "feat( ): add login", false, null, null, false, null, "scope is empty" },
        { "feat(api: add login", false, null, null, false, null, "not closed" },
        { "feat(web ui): add login", false, null, null, false, null, "one noun" },
        { "feat(api)(db): add login", false, null, null, false, null, "only one scope" },
        { "feat(api-v2): add login", true, "feat", "api-v2", false, "add login", null },
        // 5. the description immediately follows the colon and space, and is not empty.
        { "feat: ", false, null, null, false, null, "description is empty" },
        { "feat:", false, null, null, false, null, "description is empty" },
        { "feat:  two spaces", false, null, null, false, null, "immediately" },
        { "feat: trailing spaces   ", true, "feat", null, false, "trailing spaces", null },
        // 6. the body begins one blank line after the description.
        { "feat: add login\nwith a body", false, null, null, false, null, "one blank line" },
        { "feat: add login\n\nwith a body", true, "feat", null, false, "add login", null },
        // 13. the ! goes immediately before the colon.
        { "feat!(api): add login", false, null, null, false, null, "only one '!'" },
        { "feat!!: add login", false, null, null, false, null, "only one '!'" },
        { "feat(api) !: add login", false, null, null, false, null, "followed by ':' and a space" },
        // 11/12/16. BREAKING CHANGE and BREAKING-CHANGE footers, uppercase only.
        { "feat: add login\n\nBREAKING CHANGE: sessions are gone", true, "feat", null, true, "add login", null },
        { "feat: add login\n\nBREAKING-CHANGE: sessions are gone", true, "feat", null, true, "add login", null },
        { "feat: add login\n\nbreaking change: sessions are gone", true, "feat", null, false, "add login", null },
        { "feat: add login\n\nbreaking-change: sessions are gone", true, "feat", null, false, "add login", null },
        { "feat: add login\n\nBreaking-Change: sessions are gone", true, "feat", null, false, "add login", null },
        { "feat: add login\n\nBREAKING CHANGE #42", true, "feat", null, false, "add login", null },
        // 14/15. any type; types are case-insensitive.
        { "docs: explain", true, "docs", null, false, "explain", null },
        { "FEAT: add login", true, "FEAT", null, false, "add login", null },
        { "Fix(Core): handle null", true, "Fix", "Core", false, "handle null", null },
        { "build_system: pin", true, "build_system", null, false, "pin", null },
        // Not commits of the convention at all.
        { "", false, null, null, false, null, "empty" },
        { "   \n\n", false, null, null, false, null, "empty" },
        { "Merge branch 'main' into topic", false, null, null, false, null, "':'" },
        { "Revert \"feat: add login\"", false, null, null, false, null, "':'" },
        { "feat: add login\r\n\r\nwindows line ends\r\n", true, "feat", null, false, "add login", null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Parse_ConformanceTable_MatchesSpecification(
        string message, bool conventional, string? type, string? scope, bool breaking, string? description, string? reason)
    {
        var result = ConventionalCommitParser.Parse(message);

        result.IsConventional.ShouldBe(conventional, result.Reason);
        if (conventional)
        {
            var commit = result.Commit!;
            commit.Type.ShouldBe(type);
            commit.Scope.ShouldBe(scope);
            commit.IsBreaking.ShouldBe(breaking);
            commit.Description.ShouldBe(description);
            result.Reason.ShouldBeNull();
        }
        else
        {
            result.Commit.ShouldBeNull();
            result.Reason.ShouldNotBeNull().ShouldContain(reason!, Case.Sensitive);
        }
    }

    [Fact]
    public void Parse_BodyAndFooters_SplitsParagraphsFromTrailers()
    {
        var message = "fix(db): retry on deadlock\n\nThe first paragraph.\n\nThe second: with a colon\nover two lines.\n\nReviewed-by: Z\nRefs #133\nBREAKING CHANGE: the retry count\n  is now a setting\n\n  and needs configuring\nCo-authored-by: A <a@example.com>\n";

        var commit = ConventionalCommitParser.Parse(message).Commit.ShouldNotBeNull();

        commit.Body.ShouldBe("The first paragraph.\n\nThe second: with a colon\nover two lines.");
        commit.Footers.Select(f => (f.Token, f.Separator, f.Value)).ShouldBe(
        [
            ("Reviewed-by", ": ", "Z"),
            ("Refs", " #", "133"),
            ("BREAKING CHANGE", ": ", "the retry count\n  is now a setting\n\n  and needs configuring"),
            ("Co-authored-by", ": ", "A <a@example.com>"),
        ]);
        commit.IsBreaking.ShouldBeTrue();
        commit.BreakingDescription.ShouldBe("the retry count\n  is now a setting\n\n  and needs configuring");
    }

    [Fact]
    public void Parse_FootersWithoutBody_HasNoBody()
    {
        var commit = ConventionalCommitParser.Parse("feat!: drop v1\n\nRefs: #1\nBREAKING-CHANGE: v1 endpoints answer 410").Commit.ShouldNotBeNull();

        commit.Body.ShouldBeNull();
        commit.Footers.Count.ShouldBe(2);
        commit.Footers[1].IsBreakingChange.ShouldBeTrue();
        commit.BreakingDescription.ShouldBe("v1 endpoints answer 410");
    }

    [Fact]
    public void Parse_BangWithoutFooter_DescriptionDescribesBreakingChange()
    {
        var commit = ConventionalCommitParser.Parse("feat(api)!: remove the v1 endpoints").Commit.ShouldNotBeNull();

        commit.BreakingDescription.ShouldBe("remove the v1 endpoints");
    }

    [Fact]
    public void IsType_DifferentCase_Matches()
    {
        var commit = ConventionalCommitParser.Parse("FeAt: x").Commit.ShouldNotBeNull();

        commit.IsType("feat").ShouldBeTrue();
        commit.IsType("fix").ShouldBeFalse();
    }

    [Theory]
    [InlineData("feat:no space", "feat", null, false, "no space")]
    [InlineData("feat:   spaces", "feat", null, false, "spaces")]
    [InlineData("feat(web ui): x", "feat", "web ui", false, "x")]
    [InlineData("1feat: x", "1feat", null, false, "x")]
    [InlineData("feat: x\n\nBREAKING CHANGE #12", "feat", null, true, "x")]
    public void ParseLikeGitCliff_LenientForms_AcceptedWhereStrictRejectsOrDiffers(string message, string type, string? scope, bool breaking, string description)
    {
        var commit = ConventionalCommitParser.ParseLikeGitCliff(message).Commit.ShouldNotBeNull();

        commit.Type.ShouldBe(type);
        commit.Scope.ShouldBe(scope);
        commit.IsBreaking.ShouldBe(breaking);
        commit.Description.ShouldBe(description);
        var strict = ConventionalCommitParser.Parse(message);
        (strict.Commit is null || strict.Commit.IsBreaking != breaking).ShouldBeTrue();
    }

    [Theory]
    [InlineData("feat(): x")]
    [InlineData("feat :x")]
    [InlineData("feat!!: x")]
    [InlineData("feat: x\nno blank line")]
    [InlineData("feat:")]
    public void ParseLikeGitCliff_FormsGitCliffRejects_NotConventional(string message)
    {
        ConventionalCommitParser.ParseLikeGitCliff(message).IsConventional.ShouldBeFalse();
    }
}
