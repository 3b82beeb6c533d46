using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Insights;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Insights;

public sealed class ContributionTrackerTests
{
    readonly ContributionTracker _tracker = new(new GitCli());

    [Fact]
    public async Task TrackAsync_Authors_CountCommitsLinesFilesAndActivity()
    {
        using var repository = GitTestRepository.Create();
        HistoryAnalyzerTests.CommitAt(repository, "a.txt", "1\n2\n", "2026-02-01T10:00:00+00:00", "Alice <alice@example.com>");
        HistoryAnalyzerTests.CommitAt(repository, "a.txt", "1\n", "2026-02-01T12:00:00+00:00", "Alice <alice@example.com>");
        HistoryAnalyzerTests.CommitAt(repository, "b.txt", "1\n2\n3\n", "2026-02-05T23:30:00-05:00", "Alice <alice@example.com>");
        HistoryAnalyzerTests.CommitAt(repository, "c.txt", "1\n", "2026-02-03T09:00:00+00:00", "Bob <bob@example.com>");

        var contributions = await _tracker.TrackAsync(repository.Path, null, TestContext.Current.CancellationToken);

        contributions.Select(contribution => contribution.Name).ShouldBe(["Alice", "Bob"]);
        var alice = contributions[0];
        alice.Email.ShouldBe("alice@example.com");
        alice.Commits.ShouldBe(3);
        alice.LinesAdded.ShouldBe(5);
        alice.LinesRemoved.ShouldBe(1);
        alice.FilesTouched.ShouldBe(2);
        alice.FirstActivity.ShouldBe(new DateTimeOffset(2026, 2, 1, 10, 0, 0, TimeSpan.Zero));
        alice.LastActivity.ShouldBe(new DateTimeOffset(2026, 2, 6, 4, 30, 0, TimeSpan.Zero));
        alice.ActiveDays.ShouldBe(2);
        alice.Reviews.ShouldBe(0);
        contributions[1].Commits.ShouldBe(1);
    }

    [Fact]
    public async Task TrackAsync_Trailers_CountReviewsAndCoAuthorsEvenForPeopleWhoNeverCommitted()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "feat: one\n\nBody text.\n\nReviewed-by: Bob <bob@example.com>\nCo-authored-by: Carol <carol@example.com>", author: "Alice");
        repository.CommitFile("b.txt", "1\n", "feat: two\n\nreviewed-by: Bob <BOB@example.com>\nApproved-by: Dave <dave@example.com>", author: "Alice");
        // Not a trailer: it is not in the last paragraph of the message.
        repository.CommitFile("c.txt", "1\n", "feat: three\n\nReviewed-by: Eve <eve@example.com>\n\nSigned-off-by: Alice <alice@example.com>", author: "Bob");

        var contributions = await _tracker.TrackAsync(repository.Path, null, TestContext.Current.CancellationToken);

        var byName = contributions.ToDictionary(contribution => contribution.Name);
        byName.Keys.Order(StringComparer.Ordinal).ShouldBe(["Alice", "Bob", "Carol", "Dave"]);
        byName["Bob"].TrailerReviews.ShouldBe(2);
        byName["Bob"].Commits.ShouldBe(1);
        byName["Dave"].TrailerReviews.ShouldBe(1);
        byName["Dave"].Commits.ShouldBe(0);
        byName["Dave"].FirstActivity.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 1, 0, TimeSpan.Zero));
        byName["Carol"].CoAuthored.ShouldBe(1);
        byName["Carol"].Reviews.ShouldBe(0);
        byName["Alice"].Reviews.ShouldBe(0);
    }

    [Fact]
    public async Task TrackAsync_Mailmap_MergesIdentitiesOfAuthorsAndReviewers()
    {
        using var repository = GitTestRepository.Create();
        repository.Write(".mailmap", "Alice Smith <alice@example.com> <alice@old.example>\nAlice Smith <alice@example.com> Ali <ali@laptop.local>\n");
        repository.Commit("chore: mailmap", "Alice Smith", "alice@example.com");
        repository.CommitFile("a.txt", "1\n", "feat: old address", author: null);
        repository.Write("b.txt", "1\n").Commit("feat: from the old address", "Alice S.", "alice@old.example");
        repository.Write("c.txt", "1\n").Commit("feat: from the laptop", "Ali", "ali@laptop.local");
        repository.CommitFile("d.txt", "1\n", "feat: reviewed\n\nReviewed-by: Ali <ali@laptop.local>", author: "Bob");

        var contributions = await _tracker.TrackAsync(repository.Path, null, TestContext.Current.CancellationToken);

        var alice = contributions.Single(contribution => contribution.Email == "alice@example.com");
        alice.Name.ShouldBe("Alice Smith");
        alice.Commits.ShouldBe(3);
        alice.TrailerReviews.ShouldBe(1);
        contributions.ShouldNotContain(contribution => contribution.Email == "alice@old.example" || contribution.Email == "ali@laptop.local");
    }

    [Fact]
    public async Task TrackAsync_ProviderReviews_AreAddedByEmailOrName()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "feat: one\n\nReviewed-by: Bob <bob@example.com>", author: "Alice");

        var contributions = await _tracker.TrackAsync(repository.Path, new ContributionOptions
        {
            ProviderReviews = [new ProviderReviewCount("Robert", "BOB@example.com", 4), new ProviderReviewCount("alice", null, 2), new ProviderReviewCount("Zed", null, 1)],
        }, TestContext.Current.CancellationToken);

        var byName = contributions.ToDictionary(contribution => contribution.Name);
        byName["Bob"].Reviews.ShouldBe(5);
        byName["Bob"].ProviderReviews.ShouldBe(4);
        byName["Alice"].ProviderReviews.ShouldBe(2);
        byName["Zed"].Reviews.ShouldBe(1);
    }

    [Fact]
    public async Task TrackAsync_Merges_CountedApartWithoutLines()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "base");
        repository.Branch("feature").Checkout("feature");
        repository.CommitFile("b.txt", "1\n2\n", "feature", author: "Bob");
        repository.Checkout("main");
        repository.CommitFile("c.txt", "1\n", "main");
        repository.Git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");

        var contributions = await _tracker.TrackAsync(repository.Path, null, TestContext.Current.CancellationToken);

        var author = contributions.Single(contribution => contribution.Name == "Test Author");
        author.Commits.ShouldBe(2);
        author.MergeCommits.ShouldBe(1);
        author.LinesAdded.ShouldBe(2);
    }

    [Fact]
    public async Task TrackAsync_UnknownRange_ThrowsAndLeavesTheRepositoryAsItWas()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "one");
        var before = HistoryAnalyzerTests.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _tracker.TrackAsync(repository.Path,
            new ContributionOptions { Filter = new HistoryFilter { Range = "v9..nowhere" } }, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.unknown_ref");
        HistoryAnalyzerTests.Snapshot(repository).ShouldBe(before);
    }
}
