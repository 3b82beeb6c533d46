using Lightning.TestUtilities;
using System.Net;
using Lightning.Git.Insights;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Review;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;

namespace Lightning.Server.Tests.Endpoints;

public sealed class GitInsightsEndpointsTests : IAsyncLifetime
{
    const string Base = "/api/v2/git/repositories/demo";
    GitApi _api = null!;
    GitTestRepository _repo = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await GitApi.StartAsync();
        _repo = await _api.RepositoryAsync();
        _repo.CommitFile("src/a.cs", "a1", "feat: a", author: "Ada");
        _repo.CommitFile("src/a.cs", "a2", "fix: a", author: "Bob");
    }

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Insights_MonthBuckets_RankTheChangedFile()
    {
        var analysis = await (await _api.Viewer.GetAsync($"{Base}/insights?bucket=MONTH&path=src", Token)).ReadAsync<HistoryAnalysis>();

        analysis.Hotspots.ShouldHaveSingleItem().Path.ShouldBe("src/a.cs");
        analysis.Frequency.ShouldHaveSingleItem().Commits.ShouldBe(2);
    }

    [Theory]
    [InlineData("insights?bucket=fortnight", "bucket")]
    [InlineData("insights?since=last-week", "since")]
    [InlineData("contributors?until=2026-13-01", "until")]
    [InlineData("predicted-conflicts?windowDays=-1", "windowDays")]
    public async Task Analyses_BadQuery_Is400NamingTheField(string route, string field)
    {
        var problem = await (await _api.Viewer.GetAsync($"{Base}/{route}", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty(field).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Contributors_Since_CountsOnlyLaterCommits()
    {
        var everyone = await (await _api.Viewer.GetAsync($"{Base}/contributors", Token)).ReadAsync<List<Contribution>>();
        everyone.Select(c => c.Name).Order(StringComparer.Ordinal).ShouldBe(["Ada", "Bob", "Test Author"]);

        var later = await (await _api.Viewer.GetAsync($"{Base}/contributors?since=2026-01-01T00:02:00Z", Token)).ReadAsync<List<Contribution>>();
        later.ShouldHaveSingleItem().Name.ShouldBe("Bob");
    }

    [Fact]
    public async Task PredictedConflicts_BranchesEditingTheSameLine_Conflict()
    {
        _repo.Git("switch", "-q", "-c", "left");
        _repo.CommitFile("src/a.cs", "left", "feat: left");
        _repo.Git("switch", "-q", "-c", "right", "main");
        _repo.CommitFile("src/a.cs", "right", "feat: right");
        _repo.Git("switch", "-q", "main");
        var before = _repo.State();

        // The test's commits are dated 2026-01-01: windowDays=0 checks branches of any age.
        var prediction = await (await _api.Viewer.GetAsync($"{Base}/predicted-conflicts?windowDays=0", Token)).ReadAsync<ConflictPrediction>();

        prediction.Pairs.ShouldContain(pair => pair.Status == BranchPairStatus.Conflicting
            && new[] { pair.Ours, pair.Theirs }.Order(StringComparer.Ordinal).SequenceEqual(new[] { "left", "right" }));
        _repo.State().ShouldBe(before);
    }

    [Fact]
    public async Task Review_AddedTodo_IsAFindingWithAComment()
    {
        _repo.Git("switch", "-q", "-c", "feature");
        _repo.CommitFile("docs/notes.md", "fine\n// TODO: finish\n", "docs: notes");

        var review = await (await _api.Operator.PostJsonAsync($"{Base}/review", new ReviewRequest("main", "feature"))).ReadAsync<ReviewView>();

        review.Review.Findings.ShouldContain(f => f.RuleId == ReviewRuleIds.Todo && f.Line == 2);
        review.Comments.ShouldContain(c => c.Path == "docs/notes.md" && c.Line == 2);
        review.Summary.ShouldContain("1 changed file");
    }

    [Fact]
    public async Task Review_UnknownHead_Is404()
    {
        var problem = await (await _api.Operator.PostJsonAsync($"{Base}/review", new ReviewRequest("main", "nope"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.unknown_ref");
    }
}
