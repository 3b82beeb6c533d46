using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Lightning.Core.Workspaces;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Generation;

/// <summary>
/// Generation batches for review: <see cref="StartAsync"/> accepts a request at once (queued) and generates in the
/// background, one batch at a time (generation runs test suites many times over); the report and every candidate are
/// stored. Kept candidates await review: <see cref="AcceptAsync"/> writes them into the repository,
/// <see cref="RejectAsync"/> drops them. <see cref="CancelAsync"/> stops a queued or running batch.
/// </summary>
public sealed class TestGenerationService(
    IDbContextFactory<TestingDbContext> contexts,
    TestGenerator generator,
    TimeProvider timeProvider,
    IOptions<TestGenerationOptions> options,
    ILogger<TestGenerationService> logger) : IAsyncDisposable
{
    /// <summary>The largest page of <see cref="ListAsync"/>.</summary>
    public const int MaxPage = 200;

    readonly SemaphoreSlim _slot = new(1, 1);
    readonly CancellationTokenSource _shutdown = new();
    readonly ConcurrentDictionary<string, Task> _active = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, BatchCancellation> _cancellations = new(StringComparer.Ordinal);

    /// <summary>How long <see cref="CancelAsync"/> waits for a batch's work to stop before it answers.</summary>
    public static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(30);

    /// <summary>A queued or running batch's token (linked to shutdown) and who asked to cancel it.</summary>
    sealed class BatchCancellation(CancellationToken shutdown) : IDisposable
    {
        public CancellationTokenSource Source { get; } = CancellationTokenSource.CreateLinkedTokenSource(shutdown);

        public string? RequestedBy { get; set; }

        public DateTimeOffset RequestedAt { get; set; }

        public void Dispose() => Source.Dispose();
    }

    /// <summary>Queues a batch; bad input (language, file, max, a path out of the workspace) fails here, before anything is stored.</summary>
    public async Task<GenerationBatchView> StartAsync(TestTarget target, string? file, string? language, int? max, string requestedBy, bool useModel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var count = max ?? options.Value.DefaultCandidates;
        if (count < 1 || count > options.Value.MaxCandidates)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["max"] = [$"max must be between 1 and {options.Value.MaxCandidates}."] });
        }

        if (!string.IsNullOrWhiteSpace(language))
        {
            GenerationLanguages.Parse(language);
        }

        var directory = target.FullPath;
        if (!string.IsNullOrWhiteSpace(file))
        {
            var full = new Workspace(directory).Resolve(file.Trim());
            if (!File.Exists(full))
            {
                throw new LightningException(ErrorKind.NotFound, "testing.generation_file_not_found", $"'{file}' is not a file of '{target.Repository}'.");
            }
        }

        var entity = new GenerationBatchEntity
        {
            Id = LightningId.New("tgen"),
            Repository = TestingDbContext.Fit(target.Repository, TestingDbContext.MaxRepository)!,
            WorkspaceRoot = target.Workspace.Root,
            Path = target.Path,
            File = string.IsNullOrWhiteSpace(file) ? null : file.Trim(),
            Language = string.IsNullOrWhiteSpace(language) ? null : language.Trim(),
            Max = count,
            RequestedBy = TestingDbContext.Fit(requestedBy, 64)!,
            Status = GenerationBatchStatus.Queued,
            CreatedAt = timeProvider.GetUtcNow(),
        };
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            context.GenerationBatches.Add(entity);
            await context.SaveChangesAsync(cancellationToken);
        }

        Log.BatchQueued(logger, entity.Id, entity.Repository, entity.RequestedBy);
        var cancellation = _cancellations[entity.Id] = new BatchCancellation(_shutdown.Token);
        _active[entity.Id] = Task.Run(() => ExecuteAsync(entity.Id, target, useModel, cancellation), CancellationToken.None);
        return View(entity, [], null);
    }

    /// <summary>Waits until a batch is generated (or failed); at once for a finished one.</summary>
    public async Task WaitAsync(string id, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(id, out var task))
        {
            await task.WaitAsync(cancellationToken);
        }
    }

    public async Task<GenerationBatchView?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await context.GenerationBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var tests = await context.GeneratedTests.AsNoTracking().Where(t => t.BatchId == id).OrderBy(t => t.Ordinal).ToListAsync(cancellationToken);
        return View(batch, tests, null);
    }

    /// <summary>
    /// Batches newest first (ids are time-ordered, so the last id of a page is the cursor), optionally in one state and
    /// one repository, each with its candidates counted by status.
    /// </summary>
    public async Task<GenerationBatchPage> ListAsync(GenerationBatchStatus? status, string? repository, int limit, string? before, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var batches = context.GenerationBatches.AsNoTracking();
        if (status is { } wanted)
        {
            batches = batches.Where(b => b.Status == wanted);
        }

        if (!string.IsNullOrEmpty(repository))
        {
            batches = batches.Where(b => b.Repository == repository);
        }

        if (!string.IsNullOrEmpty(before))
        {
            batches = batches.Where(b => string.Compare(b.Id, before) < 0);
        }

        var page = await batches.OrderByDescending(b => b.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var shown = page.Take(limit).ToList();
        var ids = shown.Select(b => b.Id).ToList();
        var counts = await context.GeneratedTests.AsNoTracking().Where(t => ids.Contains(t.BatchId))
            .GroupBy(t => new { t.BatchId, t.Status }).Select(g => new { g.Key.BatchId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(string id, CandidateStatus candidate) => counts.Where(c => c.BatchId == id && c.Status == candidate).Sum(c => c.Count);
        var items = shown.Select(b => new GenerationBatchSummary(b.Id, b.Repository, b.Path, b.File, b.Language, b.Max, b.Status, b.Error, b.RequestedBy, b.CreatedAt, b.FinishedAt)
        {
            Candidates = counts.Where(c => c.BatchId == b.Id).Sum(c => c.Count),
            Kept = Count(b.Id, CandidateStatus.Kept),
            Accepted = Count(b.Id, CandidateStatus.Accepted),
            Rejected = Count(b.Id, CandidateStatus.Rejected),
            Written = b.WrittenJson is null ? [] : JsonSerializer.Deserialize<List<string>>(b.WrittenJson) ?? [],
        }).ToList();
        return new GenerationBatchPage(items, page.Count > limit ? items[^1].Id : null);
    }

    /// <summary>
    /// Cancels a queued or running batch: its work stops (the helper processes and test runs are killed with their
    /// process trees through the batch's token), and it is stored as <see cref="GenerationBatchStatus.Cancelled"/> with
    /// the candidates judged so far and a report that says so. Waits up to <see cref="CancelWait"/> for that, then
    /// returns the batch. Nothing is written into the repository (only accepting writes). Unknown: not found; finished
    /// (ready, failed, accepted, rejected, cancelled): conflict.
    /// </summary>
    public async Task<GenerationBatchView> CancelAsync(string id, string requestedBy, CancellationToken cancellationToken)
    {
        var batch = await GetAsync(id, cancellationToken)
            ?? throw new LightningException(ErrorKind.NotFound, "testing.generation_not_found", $"No test generation with id '{id}'.");
        // A batch is cancellable while its work is in this process; a finished one (or one of a previous process,
        // left "running" by a shutdown) has nothing to stop.
        if (batch.Status is not (GenerationBatchStatus.Queued or GenerationBatchStatus.Running))
        {
            throw new LightningException(ErrorKind.Conflict, "testing.generation_finished",
                $"Test generation '{id}' is {batch.Status.ToString().ToLowerInvariant()}: only a queued or running batch can be cancelled.");
        }

        if (!_cancellations.TryGetValue(id, out var cancellation))
        {
            throw new LightningException(ErrorKind.Conflict, "testing.generation_finished",
                $"Test generation '{id}' is not at work in this server (a restart cut it short, or it has just ended): there is nothing to cancel.");
        }

        lock (cancellation)
        {
            if (cancellation.RequestedBy is null)
            {
                cancellation.RequestedBy = requestedBy;
                cancellation.RequestedAt = timeProvider.GetUtcNow();
            }
        }

        Log.BatchCancelRequested(logger, id, requestedBy);
        try
        {
            await cancellation.Source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The batch ended in the meantime: what it became is read below.
        }

        if (_active.TryGetValue(id, out var work))
        {
            try
            {
                await work.WaitAsync(CancelWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Still stopping: the answer shows it running; it becomes cancelled once its processes are gone.
            }
        }

        return await GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"Batch '{id}' vanished.");
    }

    /// <summary>
    /// At server start: batches a previous process left queued or running (a restart or crash cut them short; their
    /// work died with that process) end as <see cref="GenerationBatchStatus.Failed"/> with a note saying so, as
    /// <see cref="TestHistoryStore.RecoverInterruptedAsync(CancellationToken)"/> does for runs, so that no batch shows
    /// as generating for ever. Must run before this process starts batches of its own (the bootstrap calls it first).
    /// </summary>
    public Task<int> RecoverInterruptedAsync(CancellationToken cancellationToken) => RecoverInterruptedAsync("server", cancellationToken);

    /// <summary>The same, naming the process that restarted in the note (<c>worker</c> for <c>lightning worker</c>, whose agents' batches are in its own store).</summary>
    public async Task<int> RecoverInterruptedAsync(string process, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = await context.GenerationBatches
            .Where(b => b.Status == GenerationBatchStatus.Queued || b.Status == GenerationBatchStatus.Running)
            .ToListAsync(cancellationToken);
        // Batches this process is working on are not stale (a late call must never fail live work).
        stale.RemoveAll(b => _active.ContainsKey(b.Id));
        var now = timeProvider.GetUtcNow();
        foreach (var batch in stale)
        {
            var was = batch.Status == GenerationBatchStatus.Queued ? "queued" : "generating";
            batch.Status = GenerationBatchStatus.Failed;
            batch.FinishedAt = now;
            batch.Error = TestingDbContext.Fit(string.Create(CultureInfo.InvariantCulture,
                $"Interrupted by a {process} restart at {now:u}: the batch was {was} when the process that ran it stopped. Nothing was kept; start it again."),
                TestingDbContext.MaxMessage);
        }

        await context.SaveChangesAsync(cancellationToken);
        if (stale.Count > 0)
        {
            Log.BatchesRecovered(logger, stale.Count);
        }

        return stale.Count;
    }

    /// <summary>
    /// Writes the kept candidates (all, or those named) into the repository's workspace, one new file per target, and
    /// marks them accepted; the others kept are rejected. All files are written, or none.
    /// </summary>
    public async Task<GenerationBatchView> AcceptAsync(string id, IReadOnlyList<string>? candidates, string requestedBy, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var (batch, tests) = await ReviewableAsync(context, id, cancellationToken);
        var chosen = Choose(tests, candidates);
        var report = JsonSerializer.Deserialize<GenerationReport>(batch.ReportJson!, LightningJson.Options)!;
        var written = await TestGenerationWriter.WriteAsync(new Workspace(batch.WorkspaceRoot), batch.Path, report.Language,
            [.. chosen.Select(ToCandidate)], cancellationToken);
        foreach (var test in tests.Where(t => t.Status == CandidateStatus.Kept))
        {
            test.Status = chosen.Contains(test) ? CandidateStatus.Accepted : CandidateStatus.Rejected;
        }

        batch.Status = GenerationBatchStatus.Accepted;
        batch.WrittenJson = JsonSerializer.Serialize(written);
        await context.SaveChangesAsync(cancellationToken);
        Log.BatchAccepted(logger, id, chosen.Count, string.Join(", ", written), requestedBy);
        return View(batch, tests, written);
    }

    /// <summary>Drops the kept candidates (all, or those named); nothing is written.</summary>
    public async Task<GenerationBatchView> RejectAsync(string id, IReadOnlyList<string>? candidates, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var (batch, tests) = await ReviewableAsync(context, id, cancellationToken);
        var chosen = Choose(tests, candidates);
        foreach (var test in chosen)
        {
            test.Status = CandidateStatus.Rejected;
        }

        if (tests.All(t => t.Status != CandidateStatus.Kept))
        {
            batch.Status = GenerationBatchStatus.Rejected;
        }

        await context.SaveChangesAsync(cancellationToken);
        return View(batch, tests, null);
    }

    async Task ExecuteAsync(string id, TestTarget target, bool useModel, BatchCancellation cancellation)
    {
        var token = cancellation.Source.Token;
        var holdsSlot = false;
        GenerationReport? report = null;
        string? error = null;
        try
        {
            await _slot.WaitAsync(token);
            holdsSlot = true;
            GenerationBatchEntity batch;
            await using (var context = await contexts.CreateDbContextAsync(token))
            {
                batch = await context.GenerationBatches.FirstAsync(b => b.Id == id, token);
                batch.Status = GenerationBatchStatus.Running;
                await context.SaveChangesAsync(token);
            }

            var progress = new GenerationProgress();
            try
            {
                report = await generator.GenerateAsync(new TestGenerationRequest
                {
                    Workspace = target.Workspace,
                    Repository = target.Path,
                    File = batch.File,
                    Language = batch.Language,
                    Max = batch.Max,
                    UseModel = useModel,
                    Progress = progress,
                }, token);
            }
            catch (Exception) when (Cancelled(cancellation))
            {
                // However the stop surfaced (a cancelled token, a killed helper's error), it was the cancel.
                report = progress.CancelledReport(CancelledNote(cancellation));
            }
            catch (LightningException ex)
            {
                error = ex.Message;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BatchCrashed(logger, ex, id);
                error = $"Generation failed unexpectedly ({ex.GetType().Name}).";
            }
        }
        catch (OperationCanceledException) when (Cancelled(cancellation))
        {
            // Cancelled while queued (or while marking it running): nothing was generated.
        }
        catch (OperationCanceledException)
        {
            return; // shutting down: the batch stays "running" in the store until the next start recovers it
        }
        finally
        {
            if (holdsSlot)
            {
                _slot.Release();
            }
        }

        try
        {
            await StoreAsync(id, report, error, cancellation);
        }
        finally
        {
            _active.TryRemove(id, out _);
            _cancellations.TryRemove(id, out _);
            cancellation.Dispose();
        }
    }

    /// <summary>Whether someone cancelled the batch (not a shutdown, which cancels the same token).</summary>
    static bool Cancelled(BatchCancellation cancellation)
    {
        lock (cancellation)
        {
            return cancellation.RequestedBy is not null;
        }
    }

    static string CancelledNote(BatchCancellation cancellation)
    {
        lock (cancellation)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Cancelled by {cancellation.RequestedBy} at {cancellation.RequestedAt:u}: candidates not yet judged are left pending; nothing was kept for review.");
        }
    }

    /// <summary>
    /// Stores how the batch ended: cancelled when someone asked (even if the generation had just finished: the cancel
    /// was answered as accepted), else failed or ready, with the report and its candidates.
    /// </summary>
    async Task StoreAsync(string id, GenerationReport? report, string? error, BatchCancellation cancellation)
    {
        var cancelled = Cancelled(cancellation);
        if (cancelled && report is { Cancelled: false })
        {
            // Finished as the cancel came in: cancelled all the same, so that nothing of it can be accepted.
            report = report with
            {
                Cancelled = true,
                Candidates = [.. report.Candidates.Select(c => c.Status == CandidateStatus.Kept ? c with { Status = CandidateStatus.Rejected, Reason = "the batch was cancelled" } : c)],
                Notes = [.. report.Notes, CancelledNote(cancellation)],
            };
        }

        await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);
        var batch = await context.GenerationBatches.FirstAsync(b => b.Id == id);
        batch.FinishedAt = timeProvider.GetUtcNow();
        if (cancelled)
        {
            batch.Status = GenerationBatchStatus.Cancelled;
            batch.Error = TestingDbContext.Fit($"Cancelled by {cancellation.RequestedBy}.", TestingDbContext.MaxMessage);
        }
        else if (report is null)
        {
            batch.Status = GenerationBatchStatus.Failed;
            batch.Error = TestingDbContext.Fit(error, TestingDbContext.MaxMessage);
        }
        else
        {
            batch.Status = GenerationBatchStatus.Ready;
        }

        if (report is not null)
        {
            batch.ReportJson = JsonSerializer.Serialize(report with { Candidates = [] }, LightningJson.Options);
            context.GeneratedTests.AddRange(report.Candidates.Select((candidate, index) => new GeneratedTestEntity
            {
                BatchId = id,
                Ordinal = index,
                CandidateId = candidate.Id,
                Target = TestingDbContext.Fit(candidate.Target, TestingDbContext.MaxRepository)!,
                Function = TestingDbContext.Fit(candidate.Function, TestingDbContext.MaxName),
                Name = TestingDbContext.Fit(candidate.Name, TestingDbContext.MaxName)!,
                Code = candidate.Code,
                ImportsJson = JsonSerializer.Serialize(candidate.Imports),
                Origin = candidate.Origin,
                Status = candidate.Status,
                Reason = TestingDbContext.Fit(candidate.Reason, TestingDbContext.MaxMessage),
                Passes = candidate.Passes,
                AddedLinesJson = JsonSerializer.Serialize(candidate.AddedLines),
                AddedBranches = candidate.AddedBranches,
            }));
        }

        await context.SaveChangesAsync();
        if (cancelled)
        {
            Log.BatchCancelled(logger, id, report?.Candidates.Count(c => c.Status != CandidateStatus.Pending) ?? 0);
        }
    }

    static async Task<(GenerationBatchEntity Batch, List<GeneratedTestEntity> Tests)> ReviewableAsync(TestingDbContext context, string id, CancellationToken cancellationToken)
    {
        var batch = await context.GenerationBatches.FirstOrDefaultAsync(b => b.Id == id, cancellationToken)
            ?? throw new LightningException(ErrorKind.NotFound, "testing.generation_not_found", $"No test generation with id '{id}'.");
        if (batch.Status != GenerationBatchStatus.Ready)
        {
            throw new LightningException(ErrorKind.Conflict, "testing.generation_not_reviewable",
                $"Test generation '{id}' is {batch.Status.ToString().ToLowerInvariant()}: only a generated batch awaiting review can be accepted or rejected.");
        }

        var tests = await context.GeneratedTests.Where(t => t.BatchId == id).OrderBy(t => t.Ordinal).ToListAsync(cancellationToken);
        return (batch, tests);
    }

    static List<GeneratedTestEntity> Choose(List<GeneratedTestEntity> tests, IReadOnlyList<string>? candidates)
    {
        var kept = tests.Where(t => t.Status == CandidateStatus.Kept).ToList();
        if (candidates is null || candidates.Count == 0)
        {
            return kept.Count > 0 ? kept : throw new LightningException(ErrorKind.Invalid, "testing.generation_nothing_to_write",
                "No candidate of this batch passed the filters: there is nothing to review.");
        }

        var unknown = candidates.Where(id => kept.All(t => t.CandidateId != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["candidates"] = [$"Not kept candidates of this batch: {string.Join(", ", unknown)}. Only candidates that passed every filter can be reviewed."],
            });
        }

        return [.. kept.Where(t => candidates.Contains(t.CandidateId, StringComparer.Ordinal))];
    }

    static TestCandidate ToCandidate(GeneratedTestEntity test) => new()
    {
        Id = test.CandidateId,
        Origin = test.Origin,
        Target = test.Target,
        Function = test.Function,
        Name = test.Name,
        Code = test.Code,
        Imports = JsonSerializer.Deserialize<List<string>>(test.ImportsJson) ?? [],
        Status = test.Status,
        Reason = test.Reason,
        Passes = test.Passes,
        AddedLines = test.AddedLinesJson is null ? [] : JsonSerializer.Deserialize<List<int>>(test.AddedLinesJson) ?? [],
        AddedBranches = test.AddedBranches,
    };

    static GenerationBatchView View(GenerationBatchEntity batch, List<GeneratedTestEntity> tests, IReadOnlyList<string>? written)
    {
        var report = batch.ReportJson is null ? null : JsonSerializer.Deserialize<GenerationReport>(batch.ReportJson, LightningJson.Options)! with { Candidates = [.. tests.Select(ToCandidate)] };
        written ??= batch.WrittenJson is null ? [] : JsonSerializer.Deserialize<List<string>>(batch.WrittenJson) ?? [];
        return new GenerationBatchView(batch.Id, batch.Repository, batch.Path, batch.File, batch.Language, batch.Max, batch.Status, batch.Error,
            batch.RequestedBy, batch.CreatedAt, batch.FinishedAt, report, written);
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        try
        {
            await Task.WhenAll(_active.Values).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Shutting down: a batch cut short stays "running" until the next start's RecoverInterruptedAsync.
        }

        _shutdown.Dispose();
        _slot.Dispose();
    }
}
