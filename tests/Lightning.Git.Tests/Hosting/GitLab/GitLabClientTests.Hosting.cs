using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitLab;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Hosting.GitLab;

public sealed partial class GitLabClientTests
{
    // Through the provider-neutral interface, as code review automation and branch protection checks call it.
#pragma warning disable CA1859 // The interface is the point: these tests call what provider-neutral callers call.
    IGitHostingClient NewHostingClient() => NewClient();
#pragma warning restore CA1859

    [Fact]
    public async Task PostReviewCommentsAsync_PostsOneDiscussionPerCommentAtTheMergeRequestsDiffRefs()
    {
        _server.OnFile("GET", ProjectPath + "/merge_requests/133", "gitlab/merge_request.json")
            .OnFile("POST", ProjectPath + "/merge_requests/133/discussions", "gitlab/discussion.json", status: 201);
        var client = NewHostingClient();

        var posted = await client.PostReviewCommentsAsync(Project, 133,
            [new ReviewComment("src/app.cs", 18, "Consider a guard clause here."), new ReviewComment("src/other.cs", 3, "TODO added")], Cancellation);

        client.Provider.ShouldBe("gitlab");
        posted.Select(comment => (comment.Id, comment.Path, comment.Line)).ShouldBe([("1128", "src/app.cs", 18), ("1128", "src/other.cs", 3)]);
        posted[0].Url.ShouldBe("https://gitlab.example.com/diaspora/diaspora-client/-/merge_requests/133#note_1128");
        var bodies = _server.Requests.Where(request => request.Method == "POST").Select(Body).ToList();
        bodies.Count.ShouldBe(2);
        bodies[1].GetProperty("position").GetProperty("new_path").GetString().ShouldBe("src/other.cs");
        bodies[1].GetProperty("position").GetProperty("new_line").GetInt32().ShouldBe(3);
        bodies[1].GetProperty("position").GetProperty("head_sha").GetString().ShouldBe("2a2e0b4e2c1b7bd3bf5ec2c5cd2bbb3a3e0a2f11");
        bodies[1].GetProperty("position").GetProperty("base_sha").GetString().ShouldBe("1162f719d711319a2efb2a35566f3bfdadee8bab");
    }

    [Fact]
    public async Task PostReviewCommentsAsync_OneBadPath_PostsNothing()
    {
        var client = NewHostingClient();

        var error = await Should.ThrowAsync<LightningException>(() => client.PostReviewCommentsAsync(Project, 133,
            [new ReviewComment("src/app.cs", 1, "fine"), new ReviewComment("../../etc/passwd", 1, "escape")], Cancellation));

        error.Code.ShouldBe("gitlab.invalid_path");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task PostReviewCommentsAsync_DiffNotReady_IsAConflict()
    {
        _server.On("GET", ProjectPath + "/merge_requests/133", 200, """{"id":1,"iid":133,"project_id":3,"state":"opened","web_url":"x","diff_refs":null}""");

        var error = await Should.ThrowAsync<LightningException>(() =>
            NewClient().PostReviewCommentsAsync(Project, 133, [new ReviewComment("a.cs", 1, "x")], Cancellation));

        error.Code.ShouldBe("gitlab.diff_not_ready");
        _server.Requests.ShouldNotContain(request => request.Method == "POST");
    }

    [Fact]
    public async Task GetBranchProtectionAsync_MapsAccessLevelsAndTheApprovalRuleForTheBranch()
    {
        _server.OnFile("GET", ProjectPath + "/protected_branches/main", "gitlab/protected_branch.json")
            .OnFile("GET", ProjectPath + "/approval_rules", "gitlab/approval_rules.json");

        var protection = await NewClient().GetBranchProtectionAsync(Project, "main", Cancellation);

        protection.ShouldNotBeNull();
        protection.RequiredApprovals.ShouldBe(2);
        protection.AllowDirectPushes.ShouldBeFalse();
        protection.EnforceAdmins.ShouldBeFalse();
        protection.AllowForcePushes.ShouldBeFalse();
        protection.AllowDeletions.ShouldBeFalse();
        protection.RequiredStatusChecks.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetBranchProtectionAsync_NoApprovalRulesOnGitLabFree_ReadsZeroApprovals()
    {
        _server.OnFile("GET", ProjectPath + "/protected_branches/main", "gitlab/protected_branch_no_push.json")
            .On("GET", ProjectPath + "/approval_rules", 403, """{"message":"403 Forbidden"}""");

        var protection = await NewClient().GetBranchProtectionAsync(Project, "main", Cancellation);

        protection!.RequiredApprovals.ShouldBe(0);
        protection.EnforceAdmins.ShouldBeTrue();
    }

    [Fact]
    public async Task GetBranchProtectionAsync_BranchNotProtected_IsNull()
    {
        _server.On("GET", ProjectPath + "/protected_branches/feature", 404, """{"message":"404 Not found"}""")
            .OnFile("GET", ProjectPath, "gitlab/project.json");

        (await NewClient().GetBranchProtectionAsync(Project, "feature", Cancellation)).ShouldBeNull();
    }

    [Fact]
    public async Task GetBranchProtectionAsync_ProjectMissing_IsNotFound()
    {
        _server.On("GET", ProjectPath + "/protected_branches/main", 404, """{"message":"404 Project Not Found"}""")
            .On("GET", ProjectPath, 404, """{"message":"404 Project Not Found"}""");

        var error = await Should.ThrowAsync<LightningException>(() => NewClient().GetBranchProtectionAsync(Project, "main", Cancellation));

        error.Kind.ShouldBe(ErrorKind.NotFound);
        error.Code.ShouldBe("gitlab.not_found");
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_WhatGitLabCannotExpress_FailsBeforeAnyRequest()
    {
        var protection = new BranchProtection { RequiredStatusChecks = ["build", "test"], AllowDeletions = true };

        var error = await Should.ThrowAsync<LightningException>(() => NewClient().ApplyBranchProtectionAsync(Project, "main", protection, Cancellation));

        error.Kind.ShouldBe(ErrorKind.Invalid);
        error.Code.ShouldBe("gitlab.unsupported_protection");
        error.Message.ShouldContain("required status checks");
        error.Message.ShouldContain("allowing deletions");
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_UnprotectedBranch_ProtectsItAndAddsTheApprovalRule()
    {
        _server.On("GET", ProjectPath + "/protected_branches/main", 404, """{"message":"404 Not found"}""")
            .OnFile("GET", ProjectPath + "/protected_branches/main", "gitlab/protected_branch_no_push.json")
            .OnFile("GET", ProjectPath, "gitlab/project.json")
            .OnFile("POST", ProjectPath + "/protected_branches", "gitlab/protected_branch_no_push.json", status: 201)
            .On("GET", ProjectPath + "/approval_rules", 200, "[]")
            .On("GET", ProjectPath + "/approval_rules", 200, "[" + File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", "gitlab", "approval_rule.json")) + "]")
            .OnFile("POST", ProjectPath + "/approval_rules", "gitlab/approval_rule.json", status: 201);
        var wanted = new BranchProtection { RequiredApprovals = 1, EnforceAdmins = true };

        var applied = await NewClient().ApplyBranchProtectionAsync(Project, "main", wanted, Cancellation);

        applied.ShouldBe(wanted);
        var protect = Body(Single("POST", ProjectPath + "/protected_branches"));
        protect.GetProperty("push_access_level").GetInt32().ShouldBe(0);
        protect.GetProperty("merge_access_level").GetInt32().ShouldBe(30);
        var rule = Body(Single("POST", ProjectPath + "/approval_rules"));
        rule.GetProperty("name").GetString().ShouldBe("Lightning: main");
        rule.GetProperty("approvals_required").GetInt32().ShouldBe(1);
        rule.GetProperty("protected_branch_ids").EnumerateArray().Single().GetInt64().ShouldBe(7);
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_SameAccessLevels_OnlyPatchesForcePushAndRemovesTheApprovalRule()
    {
        _server.OnFile("GET", ProjectPath + "/protected_branches/main", "gitlab/protected_branch.json")
            .On("PATCH", ProjectPath + "/protected_branches/main", 200, """{"id":1,"name":"main","push_access_levels":[{"access_level":40}],"merge_access_levels":[{"access_level":30}],"allow_force_push":true}""")
            .OnFile("GET", ProjectPath + "/approval_rules", "gitlab/approval_rules.json")
            .On("DELETE", ProjectPath + "/approval_rules/2", 204, string.Empty);

        await NewClient().ApplyBranchProtectionAsync(Project, "main", new BranchProtection { AllowForcePushes = true }, Cancellation);

        Body(Single("PATCH", ProjectPath + "/protected_branches/main")).GetProperty("allow_force_push").GetBoolean().ShouldBeTrue();
        Single("DELETE", ProjectPath + "/approval_rules/2").ShouldNotBeNull();
        _server.Requests.ShouldNotContain(request => request.Method == "POST" || (request.Method == "DELETE" && request.PathAndQuery.Contains("protected_branches", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_ReprotectFails_RestoresThePreviousProtection()
    {
        _server.OnFile("GET", ProjectPath + "/protected_branches/main", "gitlab/protected_branch.json")
            .On("DELETE", ProjectPath + "/protected_branches/main", 204, string.Empty)
            .On("POST", ProjectPath + "/protected_branches", 422, """{"message":"Push access levels access level has already been taken"}""")
            .OnFile("POST", ProjectPath + "/protected_branches", "gitlab/protected_branch.json", status: 201);

        var error = await Should.ThrowAsync<LightningException>(() =>
            NewClient().ApplyBranchProtectionAsync(Project, "main", new BranchProtection { AllowDirectPushes = true }, Cancellation));

        error.Code.ShouldBe("gitlab.invalid");
        var posts = _server.Requests.Where(request => request.Method == "POST").Select(Body).ToList();
        posts.Select(post => post.GetProperty("push_access_level").GetInt32()).ShouldBe([30, 40]);
        posts[1].GetProperty("merge_access_level").GetInt32().ShouldBe(30);
        _server.Requests.Select(request => request.Method).ShouldBe(["GET", "DELETE", "POST", "POST"]);
    }

    [Fact]
    public async Task AddGitLabClient_ResolvesTheTypedClientAsAHostingClient()
    {
        _server.OnFile("GET", "/api/v4/projects/3", "gitlab/project.json");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:Git:GitLab:BaseUrl"] = _server.BaseAddress.ToString(),
            ["Lightning:Git:GitLab:Token"] = AccessToken,
        }).Build();
        await using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddGitLabClient().BuildServiceProvider();

        var hosting = provider.GetRequiredService<IGitHostingClient>();
        var project = await provider.GetRequiredService<GitLabClient>().GetProjectAsync("3", Cancellation);

        hosting.Provider.ShouldBe("gitlab");
        project.Id.ShouldBe(3);
        _server.Requests.Single().Headers["PRIVATE-TOKEN"].ShouldBe(AccessToken);
    }

    [Fact]
    public async Task AddGitLabClient_TokenStoredProtected_IsDecryptedBeforeItIsSent()
    {
        _server.OnFile("GET", "/api/v4/projects/3", "gitlab/project.json");
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lightning:SecretKey"] = Convert.ToBase64String(key),
            ["Lightning:Git:GitLab:BaseUrl"] = _server.BaseAddress.ToString(),
            ["Lightning:Git:GitLab:Token"] = new Lightning.Core.Secrets.AesGcmSecretProtector(key).Protect(AccessToken),
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOptions<Lightning.Core.Storage.LightningOptions>();
        Lightning.Core.Secrets.SecretsServiceCollectionExtensions.AddLightningSecrets(services);
        await using var provider = services.AddGitLabClient().BuildServiceProvider();

        await provider.GetRequiredService<GitLabClient>().GetProjectAsync("3", Cancellation);

        _server.Requests.Single().Headers["PRIVATE-TOKEN"].ShouldBe(AccessToken);
    }
}
