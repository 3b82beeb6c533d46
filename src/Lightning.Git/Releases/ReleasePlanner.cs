using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Git.Releases;

/// <summary>
/// Ties versions and changelogs together for the <c>next-version</c>, <c>changelog</c> and <c>release</c> commands:
/// <see cref="PlanAsync"/> reads only; <see cref="ReleaseAsync"/> prepends the changelog section and commits it, then
/// creates the annotated tag, on a clean work tree, and puts everything back if a step fails.
/// </summary>
public sealed class ReleasePlanner(
    GitCli git,
    ReleaseHistoryReader history,
    NextVersionCalculator versions,
    ChangelogGenerator changelogs,
    TimeProvider? timeProvider = null,
    ILogger<ReleasePlanner>? logger = null)
{
    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    readonly ILogger _logger = logger ?? NullLogger<ReleasePlanner>.Instance;

    /// <summary>Current and next version, the commits since the last release by group, and the changelog section.</summary>
    public async Task<ReleasePlan> PlanAsync(string repositoryPath, ReleasePlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = request.Format == ChangelogFormat.Template ? await LoadTemplateAsync(request.TemplatePath, cancellationToken) : null;
        var next = await versions.CalculateAsync(repositoryPath, new NextVersionRequest(request.Package, request.PreRelease, request.BuildMetadata), cancellationToken);
        var release = new ChangelogRelease(next.NextTag, next.NextTag is null ? null : _time.GetUtcNow(), next.Commits);
        var section = ChangelogGenerator.Render([release], request.Format, template, includeHeader: false);
        var groups = ChangelogGroups.CliffOrder
            .Select(heading => new ReleaseGroup(
                ChangelogGroups.PlainTitle(heading),
                heading,
                next.Commits.Reverse().Where(commit => string.Equals(ChangelogGroups.CliffGroup(commit, commit.Conventional), heading, StringComparison.Ordinal)).ToList()))
            .Where(group => group.Commits.Count > 0)
            .ToList();
        return new ReleasePlan(
            next.Package,
            next.Current?.Version.ToString(),
            next.Current?.Name,
            next.LastRelease?.Name,
            next.Next?.ToString(),
            next.NextTag,
            next.Bump,
            groups,
            next.Commits,
            section);
    }

    /// <summary>
    /// Cuts the planned release: refuses a dirty work tree (<c>git.dirty_worktree</c>), nothing releasable
    /// (<c>git.nothing_to_release</c>) or an existing tag (<c>git.tag_exists</c>); then commits the changelog
    /// (<c>chore(release): prepare for {tag}</c>, which git-cliff's default leaves out) and creates the annotated tag.
    /// </summary>
    public async Task<ReleaseResult> ReleaseAsync(string repositoryPath, ReleaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = await history.RootAsync(repositoryPath, cancellationToken);
        var changelogRelative = request.ChangelogPath is null ? null : RepositoryPaths.Confine(root, request.ChangelogPath);
        var status = await git.RunAsync(root, ["status", "--porcelain=v1", "--untracked-files=no"], cancellationToken);
        if (!string.IsNullOrWhiteSpace(status.StandardOutput))
        {
            throw new LightningException(ErrorKind.Conflict, "git.dirty_worktree",
                "The work tree has uncommitted changes to tracked files: commit or stash them before releasing.");
        }

        var plan = await PlanAsync(root, request.Plan, cancellationToken);
        if (plan.NextTag is null || plan.NextVersion is null)
        {
            throw new LightningException(ErrorKind.Conflict, "git.nothing_to_release",
                $"Nothing to release: no feat, fix, perf or breaking commit since {plan.LastReleaseTag ?? "the beginning"}.");
        }

        var tag = plan.NextTag;
        var refFormat = await git.RunAsync(root, ["check-ref-format", "refs/tags/" + tag], cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1] });
        if (refFormat.ExitCode != 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_tag", $"'{tag}' is not a valid tag name.");
        }

        var existing = await git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "refs/tags/" + tag], cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1] });
        if (existing.ExitCode == 0)
        {
            throw new LightningException(ErrorKind.Conflict, "git.tag_exists", $"The tag '{tag}' already exists.");
        }

        var head = (await history.HeadAsync(root, cancellationToken))!;
        string? changelogFile = null;
        var committed = false;
        try
        {
            if (changelogRelative is not null)
            {
                var full = Path.Combine(root, changelogRelative);
                var before = File.Exists(full) ? await File.ReadAllTextAsync(full, cancellationToken) : null;
                changelogFile = await changelogs.PrependAsync(root, changelogRelative, plan.ChangelogSection, request.Plan.Format, cancellationToken);
                var after = await File.ReadAllTextAsync(changelogFile, cancellationToken);
                if (!string.Equals(before, after, StringComparison.Ordinal))
                {
                    await git.RunAsync(root, ["add", "--", changelogRelative], cancellationToken);
                    await git.RunAsync(root, ["commit", "-q", "-F", "-", "--", changelogRelative], cancellationToken,
                        new GitCliRequest { StandardInput = $"chore(release): prepare for {tag}\n" });
                    committed = true;
                    ReleasesLog.ChangelogUpdated(_logger, changelogRelative, tag);
                }
            }

            await git.RunAsync(root, ["tag", "-a", tag, "-m", $"Release {tag}"], cancellationToken);
        }
        catch
        {
            await RollBackAsync(root, head, changelogRelative, committed);
            throw;
        }

        var commit = (await history.HeadAsync(root, cancellationToken))!;
        ReleasesLog.Released(_logger, tag, commit, root);
        return new ReleaseResult(tag, plan.NextVersion, commit, changelogFile, committed, plan);
    }

    // Puts the repository back as it was: the commit undone, the changelog restored from the original HEAD (or removed
    // when it was new). Uses no cancellation token: a half-made release must not be left behind.
    async Task RollBackAsync(string root, string head, string? changelogRelative, bool committed)
    {
        if (committed)
        {
            await git.RunAsync(root, ["reset", "-q", "--soft", head], CancellationToken.None);
        }

        if (changelogRelative is null)
        {
            return;
        }

        var tracked = await git.RunAsync(root, ["cat-file", "-e", $"{head}:{changelogRelative}"], CancellationToken.None, new GitCliRequest { AcceptedExitCodes = [0, 1, 128] });
        if (tracked.ExitCode == 0)
        {
            await git.RunAsync(root, ["checkout", "-q", head, "--", changelogRelative], CancellationToken.None);
        }
        else
        {
            await git.RunAsync(root, ["rm", "-q", "--cached", "--ignore-unmatch", "--", changelogRelative], CancellationToken.None);
            var full = Path.Combine(root, changelogRelative);
            if (File.Exists(full))
            {
                File.Delete(full);
            }
        }
    }

    static async Task<ChangelogTemplate> LoadTemplateAsync(string? path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            throw new LightningException(ErrorKind.Invalid, "git.changelog_template_missing", $"The changelog template file '{path}' does not exist.");
        }

        return ChangelogTemplate.Parse(await File.ReadAllTextAsync(path, cancellationToken));
    }
}
