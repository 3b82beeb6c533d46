using System.Net;
using System.Text.Json.Nodes;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Server.Endpoints.Git;
using static Lightning.Server.Tests.Endpoints.Git.HostedApi;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The one-provider routes against recorded answers: GitHub webhooks and rulesets, GitLab snippets, wiki, registry,
/// protected branches and approval rules. Each checks what the provider was sent, the answer, the role the writes need,
/// refused input, and the other provider's refusal.
/// </summary>
public sealed class GitProviderEndpointsTests
{
    const string HookSecret = "whsec-Sup3rSecretSigningValue";
    const string Hooks = "/api/v3/repos/octo/hello/hooks";
    const string Rulesets = "/api/v3/repos/octo/hello/rulesets";
    const string Project = "/api/v4/projects/3";

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhooks_CreateListDelete_AdminOnlyAndTheSecretNeverComesBack()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.NeverShow(HookSecret);
        api.Recorded.OnFile("POST", Hooks, "github/hook.json", 201)
            .OnFile("GET", Hooks, "github/hooks.json")
            .On("DELETE", $"{Hooks}/12345678", 204, string.Empty);
        var request = new ProviderWebhookRequest("https://lightning.example.com/api/v2/git/webhooks/github", HookSecret, ["push", "pull_request"]);

        (await api.SendAsync(api.Operator, HttpMethod.Post, "/webhooks", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Admin, HttpMethod.Post, "/webhooks", request);
        var created = await response.ReadAsync<GitHubWebhook>();
        var listed = await api.ReadAsync<List<GitHubWebhook>>(api.Viewer, HttpMethod.Get, "/webhooks");
        (await api.SendAsync(api.Operator, HttpMethod.Delete, "/webhooks/12345678")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.SendAsync(api.Admin, HttpMethod.Delete, "/webhooks/12345678")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location.ShouldNotBeNull().OriginalString.ShouldBe($"{Base}/webhooks/12345678");
        (created.Id, created.Url, created.ContentType, created.Active).ShouldBe((12345678L, "https://lightning.example.com/api/v2/git/webhooks/github", "json", true));
        created.Events.ShouldBe(["push", "pull_request"]);
        listed.Select(hook => hook.Id).ShouldBe([12345678L, 12345679L]);
        var config = Json(api.Sent("POST", Hooks)).GetProperty("config");
        config.GetProperty("url").GetString().ShouldBe("https://lightning.example.com/api/v2/git/webhooks/github");
        config.GetProperty("secret").GetString().ShouldBe(HookSecret);
        Json(api.Sent("POST", Hooks)).GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(["push", "pull_request"]);
        api.Sent("DELETE", $"{Hooks}/12345678");
    }

    [Fact]
    public async Task Webhooks_BadUrlSecretAndEvents_Is400NamingEach()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Admin, HttpMethod.Post, "/webhooks",
            new ProviderWebhookRequest("ftp://example.com/hook", "short", ["Push!"]), "url", "secret", "events");
        await api.ShouldBeInvalidAsync(api.Admin, HttpMethod.Delete, $"/webhooks/{(long)int.MaxValue + 1}", null, "id");
    }

    [Fact]
    public async Task Rulesets_ListGetCreateUpdateDelete_SendGitHubsBodyAndNeedAdmin()
    {
        await using var api = await StartAsync("github", "octo/hello");
        api.Recorded.OnFile("GET", Rulesets, "github/rulesets-page1.json")
            .OnFile("GET", $"{Rulesets}/42", "github/ruleset.json")
            .OnFile("POST", Rulesets, "github/ruleset.json", 201)
            .OnFile("PUT", $"{Rulesets}/42", "github/ruleset.json")
            .On("DELETE", $"{Rulesets}/42", 204, string.Empty);
        var request = new RulesetRequest("main protection", ["~DEFAULT_BRANCH", "refs/heads/release/*"],
            [new GitHubRulesetRule("deletion"), new GitHubRulesetRule("pull_request", new JsonObject { ["required_approving_review_count"] = 1 })],
            Exclude: ["refs/heads/release/old"]);

        var listed = await api.ReadAsync<List<GitHubRuleset>>(api.Viewer, HttpMethod.Get, "/rulesets");
        var one = await api.ReadAsync<GitHubRuleset>(api.Viewer, HttpMethod.Get, "/rulesets/42");
        (await api.SendAsync(api.Operator, HttpMethod.Post, "/rulesets", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var created = await api.ReadAsync<GitHubRuleset>(api.Admin, HttpMethod.Post, "/rulesets", request);
        var updated = await api.ReadAsync<GitHubRuleset>(api.Admin, HttpMethod.Put, "/rulesets/42", request with { Enforcement = "Evaluate" });
        (await api.SendAsync(api.Admin, HttpMethod.Delete, "/rulesets/42")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        listed.Select(ruleset => ruleset.Id).ShouldContain(42);
        one.Rules.Select(rule => rule.Type).ShouldBe(["deletion", "non_fast_forward", "pull_request"]);
        one.IncludeRefs.ShouldBe(["~DEFAULT_BRANCH", "refs/heads/release/*"]);
        created.Id.ShouldBe(42);
        updated.Name.ShouldBe("main protection");
        var sent = Json(api.Sent("POST", Rulesets));
        sent.GetProperty("name").GetString().ShouldBe("main protection");
        sent.GetProperty("target").GetString().ShouldBe("branch");
        sent.GetProperty("enforcement").GetString().ShouldBe("active");
        sent.GetProperty("conditions").GetProperty("ref_name").GetProperty("exclude")[0].GetString().ShouldBe("refs/heads/release/old");
        sent.GetProperty("rules")[1].GetProperty("parameters").GetProperty("required_approving_review_count").GetInt32().ShouldBe(1);
        Json(api.Sent("PUT", $"{Rulesets}/42")).GetProperty("enforcement").GetString().ShouldBe("evaluate");
        api.Sent("DELETE", $"{Rulesets}/42");
    }

    [Fact]
    public async Task Rulesets_BadInput_Is400NamingEveryField()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeInvalidAsync(api.Admin, HttpMethod.Post, "/rulesets",
            new RulesetRequest(" ", [], [], Target: "commit", Enforcement: "on"), "name", "include", "rules", "target", "enforcement");
        await api.ShouldBeInvalidAsync(api.Admin, HttpMethod.Post, "/rulesets",
            new RulesetRequest("x", ["~ALL"], [new GitHubRulesetRule("Delete Everything")]), "rules");
    }

    [Fact]
    public async Task GitHubRoutes_GitLabRepository_AreUnsupported()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/webhooks");
        await api.ShouldBeUnsupportedAsync(api.Admin, HttpMethod.Post, "/webhooks", new ProviderWebhookRequest("https://example.com/hook", HookSecret));
        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/rulesets");
        await api.ShouldBeUnsupportedAsync(api.Admin, HttpMethod.Delete, "/rulesets/42");
    }

    [Fact]
    public async Task Snippets_ListCreateAndRaw_GoToGitLab()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", $"{Project}/snippets", "gitlab/snippets.json")
            .OnFile("POST", $"{Project}/snippets", "gitlab/snippet.json", 201)
            .On("GET", $"{Project}/snippets/3/raw", 200, "def add(a, b)\n  a + b\nend\n", contentType: "text/plain; charset=utf-8");
        var request = new CreateSnippetRequest("test snippet", "add.rb", "def add(a, b)\n  a + b\nend\n", "Ruby test snippet");

        var listed = await api.ReadAsync<List<GitLabSnippet>>(api.Viewer, HttpMethod.Get, "/snippets");
        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/snippets", request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/snippets", request);
        var created = await response.ReadAsync<GitLabSnippet>();
        var raw = await api.SendAsync(api.Viewer, HttpMethod.Get, "/snippets/3/raw");

        listed.Select(snippet => snippet.FileName).ShouldBe(["add.rb", "notes.md"]);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Id.ShouldBe(3);
        raw.Content.Headers.ContentType.ShouldNotBeNull().MediaType.ShouldBe("text/plain");
        (await raw.Content.ReadAsStringAsync(Cancel)).ShouldBe("def add(a, b)\n  a + b\nend\n");
        var sent = Json(api.Sent("POST", $"{Project}/snippets"));
        sent.GetProperty("title").GetString().ShouldBe("test snippet");
        sent.GetProperty("visibility").GetString().ShouldBe("private");
        var file = sent.GetProperty("files").EnumerateArray().ShouldHaveSingleItem();
        file.GetProperty("file_path").GetString().ShouldBe("add.rb");
        file.GetProperty("content").GetString().ShouldBe("def add(a, b)\n  a + b\nend\n");
        api.Sent("GET", $"{Project}/snippets/3/raw");
    }

    [Fact]
    public async Task Snippets_BadInput_Is400NamingEachField()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/snippets",
            new CreateSnippetRequest("", "../add.rb", "", Visibility: "secret"), "title", "fileName", "content", "visibility");
    }

    [Fact]
    public async Task Wiki_ListGetCreateUpdate_SlugsWithFoldersReachGitLabEncoded()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", $"{Project}/wikis", "gitlab/wikis.json")
            .OnFile("GET", $"{Project}/wikis/docs%2Fsetup", "gitlab/wiki_page.json")
            .OnFile("POST", $"{Project}/wikis", "gitlab/wiki_page.json", 201)
            .OnFile("PUT", $"{Project}/wikis/docs%2Fsetup", "gitlab/wiki_page.json");
        var page = new WikiPageRequest("setup", "Here is an instruction how to deploy this project.");

        var listed = await api.ReadAsync<List<GitLabWikiPage>>(api.Viewer, HttpMethod.Get, "/wiki");
        var one = await api.ReadAsync<GitLabWikiPage>(api.Viewer, HttpMethod.Get, "/wiki/docs/setup");
        (await api.SendAsync(api.Viewer, HttpMethod.Post, "/wiki", page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await api.SendAsync(api.Operator, HttpMethod.Post, "/wiki", page);
        var created = await response.ReadAsync<GitLabWikiPage>();
        await api.ReadAsync<GitLabWikiPage>(api.Operator, HttpMethod.Put, "/wiki/docs/setup", page with { Format = "AsciiDoc" });

        listed.Select(p => p.Slug).ShouldBe(["home", "docs/setup"]);
        one.Content.ShouldBe("Here is an instruction how to deploy this project.");
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location.ShouldNotBeNull().OriginalString.ShouldBe($"{Base}/wiki/docs/setup");
        created.Slug.ShouldBe("docs/setup");
        var sent = Json(api.Sent("POST", $"{Project}/wikis"));
        (sent.GetProperty("title").GetString(), sent.GetProperty("format").GetString()).ShouldBe(("setup", "markdown"));
        Json(api.Sent("PUT", $"{Project}/wikis/docs%2Fsetup")).GetProperty("format").GetString().ShouldBe("asciidoc");
    }

    [Fact]
    public async Task Wiki_BadFormatOrSlug_Is400()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeInvalidAsync(api.Operator, HttpMethod.Post, "/wiki", new WikiPageRequest(" ", "text", "word"), "title", "format");
        await api.ShouldBeInvalidAsync(api.Viewer, HttpMethod.Get, "/wiki/docs/..%2F..%2Fsecrets", null, "slug");
    }

    [Fact]
    public async Task Registry_RepositoriesTagsAndAdminOnlyDelete()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", $"{Project}/registry/repositories", "gitlab/registry_repositories.json")
            .OnFile("GET", $"{Project}/registry/repositories/2/tags", "gitlab/registry_tags.json")
            .On("DELETE", $"{Project}/registry/repositories/2/tags/latest", 200, string.Empty);

        var repositories = await api.ReadAsync<List<GitLabRegistryRepository>>(api.Viewer, HttpMethod.Get, "/registry/repositories");
        var tags = await api.ReadAsync<List<GitLabRegistryTag>>(api.Viewer, HttpMethod.Get, "/registry/repositories/2/tags");
        (await api.SendAsync(api.Operator, HttpMethod.Delete, "/registry/repositories/2/tags/latest")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await api.SendAsync(api.Admin, HttpMethod.Delete, "/registry/repositories/2/tags/latest")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        repositories.Select(r => r.Location).ShouldBe(["gitlab.example.com:5000/group/project", "gitlab.example.com:5000/group/project/releases"]);
        tags.Select(t => t.Name).ShouldBe(["A", "latest"]);
        api.Sent("DELETE", $"{Project}/registry/repositories/2/tags/latest");
    }

    [Fact]
    public async Task Registry_BadTag_Is400AndDeletesNothing()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeInvalidAsync(api.Admin, HttpMethod.Delete, "/registry/repositories/2/tags/-rm", null, "tag");
    }

    [Fact]
    public async Task ProtectedBranchesAndApprovalRules_ListCreateUpdateDelete()
    {
        await using var api = await StartAsync("gitlab", "3");
        api.Recorded.OnFile("GET", $"{Project}/protected_branches", "gitlab/protected_branches.json")
            .OnFile("GET", $"{Project}/approval_rules", "gitlab/approval_rules.json")
            .OnFile("POST", $"{Project}/approval_rules", "gitlab/approval_rule.json", 201)
            .OnFile("PUT", $"{Project}/approval_rules/3", "gitlab/approval_rule.json")
            .On("DELETE", $"{Project}/approval_rules/3", 204, string.Empty);
        var rule = new ApprovalRuleRequest("Lightning: main", 1, [7]);

        var branches = await api.ReadAsync<List<GitLabProtectedBranch>>(api.Viewer, HttpMethod.Get, "/protected-branches");
        var rules = await api.ReadAsync<List<GitLabApprovalRule>>(api.Viewer, HttpMethod.Get, "/approval-rules");
        (await api.SendAsync(api.Operator, HttpMethod.Post, "/approval-rules", rule)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var created = await api.ReadAsync<GitLabApprovalRule>(api.Admin, HttpMethod.Post, "/approval-rules", rule);
        await api.ReadAsync<GitLabApprovalRule>(api.Admin, HttpMethod.Put, "/approval-rules/3", rule with { ApprovalsRequired = 2 });
        (await api.SendAsync(api.Admin, HttpMethod.Delete, "/approval-rules/3")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        branches.Select(b => (b.Name, b.AllowForcePush)).ShouldBe([("main", false), ("release/*", true)]);
        branches[1].PushAccessLevels.ShouldHaveSingleItem().AccessLevel.ShouldBe(0);
        rules.Select(r => (r.Name, r.ApprovalsRequired)).ShouldBe([("security", 3), ("Lightning: main", 2)]);
        created.ProtectedBranches.ShouldHaveSingleItem().Id.ShouldBe(7);
        var sent = Json(api.Sent("POST", $"{Project}/approval_rules"));
        sent.GetProperty("name").GetString().ShouldBe("Lightning: main");
        sent.GetProperty("approvals_required").GetInt32().ShouldBe(1);
        sent.GetProperty("protected_branch_ids").EnumerateArray().Select(id => id.GetInt64()).ShouldBe([7L]);
        Json(api.Sent("PUT", $"{Project}/approval_rules/3")).GetProperty("approvals_required").GetInt32().ShouldBe(2);
        api.Sent("DELETE", $"{Project}/approval_rules/3");
    }

    [Fact]
    public async Task ApprovalRules_BadInput_Is400NamingEachField()
    {
        await using var api = await StartAsync("gitlab", "3");

        await api.ShouldBeInvalidAsync(api.Admin, HttpMethod.Post, "/approval-rules",
            new ApprovalRuleRequest("", -1, [0]), "name", "approvalsRequired", "protectedBranchIds");
    }

    [Fact]
    public async Task GitLabRoutes_GitHubRepository_AreUnsupported()
    {
        await using var api = await StartAsync("github", "octo/hello");

        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/snippets");
        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/wiki");
        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/registry/repositories");
        await api.ShouldBeUnsupportedAsync(api.Viewer, HttpMethod.Get, "/protected-branches");
        await api.ShouldBeUnsupportedAsync(api.Admin, HttpMethod.Post, "/approval-rules", new ApprovalRuleRequest("x", 1));
    }
}
