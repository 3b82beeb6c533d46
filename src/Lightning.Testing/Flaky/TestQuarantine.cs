using Lightning.Core.Errors;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Flaky;

/// <summary>
/// Explicit, visible quarantine: a quarantined test keeps running and its result is shown (marked quarantined), but
/// its failure does not fail the run; the run says how many quarantined tests failed. Every entry names who, why,
/// when, and optionally until when.
/// </summary>
public sealed class TestQuarantine(IDbContextFactory<TestingDbContext> contexts, TimeProvider timeProvider, ILogger<TestQuarantine> logger)
{
    /// <summary>The ids of the repository's tests in quarantine now (expired entries left out).</summary>
    public async Task<IReadOnlySet<string>> ActiveIdsAsync(string repository, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.Quarantine.AsNoTracking().Where(q => q.Repository == repository).ToListAsync(cancellationToken);
        return rows.Where(q => q.ExpiresAt is not { } expiry || expiry > now).Select(q => q.CaseId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The quarantine list of a repository (or every repository), expired entries included and marked.</summary>
    public async Task<IReadOnlyList<QuarantinedTest>> ListAsync(string? repository, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = context.Quarantine.AsNoTracking();
        if (!string.IsNullOrEmpty(repository))
        {
            rows = rows.Where(q => q.Repository == repository);
        }

        var list = await rows.ToListAsync(cancellationToken);
        return [.. list.OrderBy(q => q.Repository, StringComparer.Ordinal).ThenBy(q => q.CaseId, StringComparer.Ordinal).Select(q => QuarantinedTest.From(q, now))];
    }

    /// <summary>Quarantines a test (or updates its reason and expiry). The reason is required: quarantine is never silent.</summary>
    public async Task<QuarantinedTest> QuarantineAsync(
        string repository, string caseId, string reason, string by, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var validator = new Validator();
        if (string.IsNullOrWhiteSpace(repository) || repository.Length > TestingDbContext.MaxRepository)
        {
            validator.Add("repository", "Name the repository whose test is quarantined.");
        }

        if (string.IsNullOrWhiteSpace(caseId) || caseId.Length > TestingDbContext.MaxName || caseId.Any(char.IsControl))
        {
            validator.Add("id", $"Name the test by its id (as history shows it), 1 to {TestingDbContext.MaxName} printable characters.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > TestingDbContext.MaxMessage)
        {
            validator.Add("reason", $"Say why the test is quarantined (1 to {TestingDbContext.MaxMessage} characters): quarantine is never silent.");
        }

        if (expiresAt is { } expiry && expiry <= now)
        {
            validator.Add("expiresAt", "The expiry must be in the future.");
        }

        validator.ThrowIfInvalid();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.Quarantine.FirstOrDefaultAsync(q => q.Repository == repository && q.CaseId == caseId, cancellationToken);
        if (entity is null)
        {
            entity = new QuarantineEntity { Repository = repository.Trim(), CaseId = caseId.Trim(), Reason = reason.Trim(), QuarantinedBy = by };
            context.Quarantine.Add(entity);
        }

        entity.Reason = reason.Trim();
        entity.QuarantinedBy = TestingDbContext.Fit(by, 64)!;
        entity.QuarantinedAt = now;
        entity.ExpiresAt = expiresAt;
        await context.SaveChangesAsync(cancellationToken);
        Log.Quarantined(logger, entity.CaseId, entity.Repository, entity.QuarantinedBy);
        return QuarantinedTest.From(entity, now);
    }

    /// <summary>Takes a test out of quarantine; <c>testing.quarantine_not_found</c> when it was not in it.</summary>
    public async Task<QuarantinedTest> ReleaseAsync(string repository, string caseId, string by, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await context.Quarantine.FirstOrDefaultAsync(q => q.Repository == repository && q.CaseId == caseId, cancellationToken)
            ?? throw new LightningException(ErrorKind.NotFound, "testing.quarantine_not_found", $"Test '{caseId}' of '{repository}' is not in quarantine.");
        context.Quarantine.Remove(entity);
        await context.SaveChangesAsync(cancellationToken);
        Log.Released(logger, caseId, repository, by);
        return QuarantinedTest.From(entity, timeProvider.GetUtcNow()) with { Active = false };
    }
}
