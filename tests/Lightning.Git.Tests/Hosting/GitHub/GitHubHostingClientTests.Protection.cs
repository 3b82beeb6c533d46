using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    const string ProtectionPath = "/api/v3/repos/octo/hello/branches/main/protection";

    [Fact]
    public async Task GetBranchProtectionAsync_Protected_MapsEveryRule()
    {
        using var server = new RecordedHttpServer().OnFile("GET", ProtectionPath, "github/branch-protection.json");
        using var client = GitHubTestClient.Create(server);

        var protection = await client.GetBranchProtectionAsync("octo/hello", "main", Ct);

        protection.ShouldNotBeNull();
        protection.RequiredApprovals.ShouldBe(2);
        protection.RequiredStatusChecks.ShouldBe(["build", "test"]);
        protection.EnforceAdmins.ShouldBeTrue();
        protection.AllowForcePushes.ShouldBeFalse();
        protection.AllowDeletions.ShouldBeFalse();
        protection.AllowDirectPushes.ShouldBeFalse();
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task GetBranchProtectionAsync_NoPullRequestRule_AllowsDirectPushes()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/branches/develop/protection", "github/branch-protection-direct.json");
        using var client = GitHubTestClient.Create(server);

        var protection = await client.GetBranchProtectionAsync("octo/hello", "develop", Ct);

        protection.ShouldBe(new BranchProtection { AllowDirectPushes = true, AllowForcePushes = true, AllowDeletions = true, RequiredStatusChecks = protection!.RequiredStatusChecks });
        protection.RequiredStatusChecks.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetBranchProtectionAsync_BranchNotProtected_Null()
    {
        using var server = new RecordedHttpServer().OnFile("GET", ProtectionPath, "github/branch-not-protected.json", 404);
        using var client = GitHubTestClient.Create(server);

        (await client.GetBranchProtectionAsync("octo/hello", "main", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task GetBranchProtectionAsync_BranchMissing_NotFound()
    {
        using var server = new RecordedHttpServer().OnFile("GET", ProtectionPath, "github/branch-not-found.json", 404);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetBranchProtectionAsync("octo/hello", "main", Ct));

        error.Code.ShouldBe("github.not_found");
        error.Message.ShouldContain("Branch not found");
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_Rules_PutsGitHubShapeAndReadsItBack()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", ProtectionPath, "github/branch-protection.json");
        using var client = GitHubTestClient.Create(server);

        var applied = await client.ApplyBranchProtectionAsync("octo/hello", "main", new BranchProtection
        {
            RequiredApprovals = 2,
            RequiredStatusChecks = ["build", "test"],
            EnforceAdmins = true,
        }, Ct);

        applied.RequiredApprovals.ShouldBe(2);
        var body = Json(server.Requests.Single());
        body.GetProperty("required_status_checks").GetProperty("contexts").EnumerateArray().Select(item => item.GetString()).ShouldBe(["build", "test"]);
        body.GetProperty("required_status_checks").GetProperty("strict").GetBoolean().ShouldBeFalse();
        body.GetProperty("enforce_admins").GetBoolean().ShouldBeTrue();
        body.GetProperty("required_pull_request_reviews").GetProperty("required_approving_review_count").GetInt32().ShouldBe(2);
        body.GetProperty("restrictions").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("allow_force_pushes").GetBoolean().ShouldBeFalse();
        body.GetProperty("allow_deletions").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_DirectPushesNoChecks_NullsPullRequestAndChecks()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", "/api/v3/repos/octo/hello/branches/develop/protection", "github/branch-protection-direct.json");
        using var client = GitHubTestClient.Create(server);

        var applied = await client.ApplyBranchProtectionAsync("octo/hello", "develop",
            new BranchProtection { AllowDirectPushes = true, AllowForcePushes = true, AllowDeletions = true }, Ct);

        applied.AllowDirectPushes.ShouldBeTrue();
        var body = Json(server.Requests.Single());
        body.GetProperty("required_pull_request_reviews").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("required_status_checks").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("allow_force_pushes").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_ApprovalsWithDirectPushes_UnsupportedWithoutRequest()
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.ApplyBranchProtectionAsync("octo/hello", "main",
            new BranchProtection { AllowDirectPushes = true, RequiredApprovals = 1 }, Ct));

        error.Code.ShouldBe("github.protection_unsupported");
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task RemoveBranchProtectionAsync_Recorded_SendsDelete()
    {
        using var server = new RecordedHttpServer().On("DELETE", ProtectionPath, 204, string.Empty);
        using var client = GitHubTestClient.Create(server);

        await client.RemoveBranchProtectionAsync("octo/hello", "main", Ct);

        server.Single("DELETE", ProtectionPath).ShouldNotBeNull();
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_BranchWithSlash_EscapedAsOneSegment()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", "/api/v3/repos/octo/hello/branches/release%2F1.0/protection", "github/branch-protection.json");
        using var client = GitHubTestClient.Create(server);

        await client.ApplyBranchProtectionAsync("octo/hello", "release/1.0", new BranchProtection { RequiredApprovals = 1 }, Ct);

        server.Requests.Single().PathAndQuery.ShouldBe("/api/v3/repos/octo/hello/branches/release%2F1.0/protection");
    }

    [Fact]
    public async Task ListRulesetsAsync_ThreePages_FollowsLinks()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/rulesets?per_page=100", "github/rulesets-page1.json",
                headers: Link("/api/v3/repositories/1296269/rulesets?per_page=100&page=2", "/api/v3/repositories/1296269/rulesets?per_page=100&page=3"))
            .OnFile("GET", "/api/v3/repositories/1296269/rulesets?per_page=100&page=2", "github/rulesets-page2.json",
                headers: Link("/api/v3/repositories/1296269/rulesets?per_page=100&page=3", "/api/v3/repositories/1296269/rulesets?per_page=100&page=3"))
            .OnFile("GET", "/api/v3/repositories/1296269/rulesets?per_page=100&page=3", "github/rulesets-page3.json");
        using var client = GitHubTestClient.Create(server);

        var rulesets = await client.ListRulesetsAsync("octo/hello", Ct);

        rulesets.Select(ruleset => (ruleset.Id, ruleset.Target, ruleset.Enforcement)).ShouldBe([
            (42L, "branch", "active"), (43L, "tag", "active"), (44L, "branch", "evaluate"), (45L, "branch", "disabled"),
        ]);
        server.Requests.Count.ShouldBe(3);
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task GetRulesetAsync_Recorded_ConditionsAndRules()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/rulesets/42", "github/ruleset.json");
        using var client = GitHubTestClient.Create(server);

        var ruleset = await client.GetRulesetAsync("octo/hello", 42, Ct);

        ruleset.Name.ShouldBe("main protection");
        ruleset.IncludeRefs.ShouldBe(["~DEFAULT_BRANCH", "refs/heads/release/*"]);
        ruleset.ExcludeRefs.ShouldBe(["refs/heads/release/old"]);
        ruleset.Rules.Select(rule => rule.Type).ShouldBe(["deletion", "non_fast_forward", "pull_request"]);
        ruleset.Rules[2].Parameters!["required_approving_review_count"]!.GetValue<int>().ShouldBe(1);
        ruleset.Rules[0].Parameters.ShouldBeNull();
    }

    [Fact]
    public async Task CreateRulesetAsync_Definition_PostsDocumentedShape()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/rulesets", "github/ruleset.json", 201);
        using var client = GitHubTestClient.Create(server);

        var created = await client.CreateRulesetAsync("octo/hello", Ruleset(), Ct);

        created.Id.ShouldBe(42);
        AssertRulesetBody(Json(server.Requests.Single()));
    }

    [Fact]
    public async Task UpdateRulesetAsync_Definition_PutsToItsId()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", "/api/v3/repos/octo/hello/rulesets/42", "github/ruleset.json");
        using var client = GitHubTestClient.Create(server);

        await client.UpdateRulesetAsync("octo/hello", 42, Ruleset(), Ct);

        AssertRulesetBody(Json(server.Requests.Single()));
    }

    [Fact]
    public async Task DeleteRulesetAsync_Recorded_SendsDelete()
    {
        using var server = new RecordedHttpServer().On("DELETE", "/api/v3/repos/octo/hello/rulesets/42", 204, string.Empty);
        using var client = GitHubTestClient.Create(server);

        await client.DeleteRulesetAsync("octo/hello", 42, Ct);

        server.Single("DELETE", "/api/v3/repos/octo/hello/rulesets/42").ShouldNotBeNull();
    }

    static GitHubRuleset Ruleset() => new(0, "main protection", "branch", "active", ["~DEFAULT_BRANCH"], [],
        [new GitHubRulesetRule("deletion"), new GitHubRulesetRule("pull_request", new JsonObject { ["required_approving_review_count"] = 1 })]);

    static void AssertRulesetBody(JsonElement body)
    {
        body.GetProperty("name").GetString().ShouldBe("main protection");
        body.GetProperty("target").GetString().ShouldBe("branch");
        body.GetProperty("enforcement").GetString().ShouldBe("active");
        body.GetProperty("conditions").GetProperty("ref_name").GetProperty("include")[0].GetString().ShouldBe("~DEFAULT_BRANCH");
        body.GetProperty("conditions").GetProperty("ref_name").GetProperty("exclude").GetArrayLength().ShouldBe(0);
        var rules = body.GetProperty("rules");
        rules[0].GetProperty("type").GetString().ShouldBe("deletion");
        rules[0].TryGetProperty("parameters", out _).ShouldBeFalse();
        rules[1].GetProperty("parameters").GetProperty("required_approving_review_count").GetInt32().ShouldBe(1);
        body.TryGetProperty("id", out _).ShouldBeFalse();
    }
}
