using Lightning.Core.Errors;
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Lightning.Testing.Tests.Detection;
using Lightning.Testing.Tests.History;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Generation;

/// <summary>Batches stored for review (SQLite, and PostgreSQL once; the module composed as the server composes it) and accepted or rejected.</summary>
public sealed class TestGenerationServiceTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    static TestTarget Project(HistoryHarness harness)
    {
        foreach (var (path, text) in new[]
        {
            ("calcpkg/pyproject.toml", "[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n"),
            ("calcpkg/calc/__init__.py", string.Empty),
            ("calcpkg/calc/parse.py", GenerationFixtures.PythonParse),
            ("calcpkg/tests/test_parse.py", GenerationFixtures.PythonExistingTest),
        })
        {
            var full = Path.Combine(harness.Workspace.Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return new TestTarget(harness.Workspace, "calcpkg", "calcpkg");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StartThenAccept_WritesTheKeptTestsWhichPassInTheRepository(bool postgres)
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true, postgres: postgres);
        var service = harness.Services.GetRequiredService<TestGenerationService>();
        var target = Project(harness);

        var queued = await service.StartAsync(target, "calc/parse.py", null, 6, "alice", useModel: false, Cancellation);
        queued.Status.ShouldBe(GenerationBatchStatus.Queued);
        await service.WaitAsync(queued.Id, Cancellation);
        var ready = (await service.GetAsync(queued.Id, Cancellation))!;

        ready.Status.ShouldBe(GenerationBatchStatus.Ready, ready.Error);
        var report = ready.Report.ShouldNotBeNull();
        report.Tried.ShouldBe(6);
        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.ShouldNotBeEmpty();
        File.Exists(Path.Combine(harness.Workspace.Root, "calcpkg/tests/test_parse_generated.py")).ShouldBeFalse();

        var accepted = await service.AcceptAsync(queued.Id, null, "alice", Cancellation);

        accepted.Status.ShouldBe(GenerationBatchStatus.Accepted);
        accepted.Written.ShouldBe(["tests/test_parse_generated.py"]);
        accepted.Report!.Candidates.Count(c => c.Status == CandidateStatus.Accepted).ShouldBe(kept.Count);
        var run = await Toolchain.Runner.RunAsync(
            new Core.Processes.ProcessSpec("python3", ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_parse_generated.py"])
            { WorkingDirectory = Path.Combine(harness.Workspace.Root, "calcpkg") }, null, Cancellation);
        run.Succeeded.ShouldBeTrue(run.Output);
        run.Output.ShouldContain($"{kept.Count} passed");
        var again = await Should.ThrowAsync<LightningException>(() => service.AcceptAsync(queued.Id, null, "alice", Cancellation));
        again.Code.ShouldBe("testing.generation_not_reviewable");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RecoverInterruptedAsync_BatchesLeftQueuedOrRunning_EndFailedWithTheRestartNote(bool postgres)
    {
        await using var harness = await HistoryHarness.CreateAsync(postgres: postgres);
        var contexts = harness.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TestingDbContext>>();
        var created = harness.Clock.GetUtcNow();
        await using (var context = await contexts.CreateDbContextAsync(Cancellation))
        {
            foreach (var (id, status) in new[] { ("tgen_queued", GenerationBatchStatus.Queued), ("tgen_running", GenerationBatchStatus.Running), ("tgen_ready", GenerationBatchStatus.Ready) })
            {
                context.GenerationBatches.Add(new GenerationBatchEntity
                {
                    Id = id, Repository = "shop", WorkspaceRoot = harness.Workspace.Root, Path = "shop", Max = 4, RequestedBy = "alice",
                    Status = status, CreatedAt = created, FinishedAt = status == GenerationBatchStatus.Ready ? created : null,
                });
            }

            await context.SaveChangesAsync(Cancellation);
        }

        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var service = harness.Services.GetRequiredService<TestGenerationService>();

        var recovered = await service.RecoverInterruptedAsync(Cancellation);
        var again = await service.RecoverInterruptedAsync(Cancellation);

        recovered.ShouldBe(2);
        again.ShouldBe(0);
        var running = (await service.GetAsync("tgen_running", Cancellation))!;
        running.Status.ShouldBe(GenerationBatchStatus.Failed);
        running.FinishedAt.ShouldBe(harness.Clock.GetUtcNow());
        running.Error.ShouldBe("Interrupted by a server restart at 2026-11-24 09:05:00Z: the batch was generating when the process that ran it stopped. Nothing was kept; start it again.");
        var queued = (await service.GetAsync("tgen_queued", Cancellation))!;
        queued.Status.ShouldBe(GenerationBatchStatus.Failed);
        queued.Error.ShouldNotBeNull().ShouldStartWith("Interrupted by a server restart at 2026-11-24 09:05:00Z: the batch was queued");
        var ready = (await service.GetAsync("tgen_ready", Cancellation))!;
        ready.Status.ShouldBe(GenerationBatchStatus.Ready);
        ready.Error.ShouldBeNull();
        var failed = await service.ListAsync(GenerationBatchStatus.Failed, "shop", 10, null, Cancellation);
        failed.Items.Select(b => b.Id).ShouldBe(["tgen_running", "tgen_queued"]);
        // A recovered batch is finished: cancelling it is the "finished" conflict, not "not at work in this server".
        var cancel = await Should.ThrowAsync<LightningException>(() => service.CancelAsync("tgen_running", "alice", Cancellation));
        cancel.Code.ShouldBe("testing.generation_finished");
        cancel.Message.ShouldContain("is failed");
    }

    [Fact]
    public async Task Reject_NamedCandidates_LeavesTheOthersForReviewAndWritesNothing()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var service = harness.Services.GetRequiredService<TestGenerationService>();
        var batch = await service.StartAsync(Project(harness), "calc/parse.py", "python", 6, "bob", useModel: false, Cancellation);
        await service.WaitAsync(batch.Id, Cancellation);
        var kept = (await service.GetAsync(batch.Id, Cancellation))!.Report!.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.Count.ShouldBeGreaterThan(1);

        var unknown = await Should.ThrowAsync<ValidationFailedException>(() => service.RejectAsync(batch.Id, ["c99"], Cancellation));
        var rejected = await service.RejectAsync(batch.Id, [kept[0].Id], Cancellation);

        unknown.Errors.ShouldContainKey("candidates");
        rejected.Status.ShouldBe(GenerationBatchStatus.Ready);
        rejected.Report!.Candidates.Single(c => c.Id == kept[0].Id).Status.ShouldBe(CandidateStatus.Rejected);
        Directory.EnumerateFiles(Path.Combine(harness.Workspace.Root, "calcpkg/tests")).Select(Path.GetFileName).ShouldBe(["test_parse.py"]);
    }

    [Fact]
    public async Task Start_BadInput_FailsBeforeAnythingIsStored()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var service = harness.Services.GetRequiredService<TestGenerationService>();
        var target = Project(harness);

        (await Should.ThrowAsync<LightningException>(() => service.StartAsync(target, null, "cobol", null, "x", false, Cancellation))).Code.ShouldBe(GenerationLanguages.UnknownCode);
        (await Should.ThrowAsync<LightningException>(() => service.StartAsync(target, "../../../etc/passwd", null, null, "x", false, Cancellation))).Code.ShouldBe("workspace.path_rejected");
        (await Should.ThrowAsync<ValidationFailedException>(() => service.StartAsync(target, null, null, 10_000, "x", false, Cancellation))).Errors.ShouldContainKey("max");
        (await service.GetAsync("tgen_missing", Cancellation)).ShouldBeNull();
    }

    [Fact]
    public async Task Start_FileWithoutTestPoints_BatchFailsWithTheReason()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var service = harness.Services.GetRequiredService<TestGenerationService>();
        var target = Project(harness);
        File.WriteAllText(Path.Combine(harness.Workspace.Root, "calcpkg/calc/constants.py"), "LIMIT = 3\n");

        var batch = await service.StartAsync(target, "calc/constants.py", null, null, "x", false, Cancellation);
        await service.WaitAsync(batch.Id, Cancellation);
        var failed = (await service.GetAsync(batch.Id, Cancellation))!;

        failed.Status.ShouldBe(GenerationBatchStatus.Failed);
        failed.Error.ShouldBe("'calc/constants.py' has no test points: no public functions or methods were found in it.");
    }
}
