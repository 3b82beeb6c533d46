using System.Globalization;
using Lightning.Core.Errors;

namespace Lightning.Git.Hosting.GitLab;

/// <summary>
/// The provider-neutral part. <see cref="BranchProtection"/> maps to a protected branch plus one approval rule:
/// <list type="bullet">
/// <item><c>AllowDirectPushes</c> → push access 30 (developers and maintainers); otherwise push access 40 (maintainers
/// only) or, with <c>EnforceAdmins</c>, 0 (no one: every change goes through a merge request).</item>
/// <item><c>AllowForcePushes</c> → <c>allow_force_push</c>. Merge access is always 30 (developers and maintainers).</item>
/// <item><c>RequiredApprovals</c> → an approval rule named <c>Lightning: &lt;branch&gt;</c> scoped to the protected branch
/// (approval rules are a GitLab Premium feature; on Free GitLab answers 403 and the apply fails with that error). Read
/// back as the highest <c>approvals_required</c> of the rules that apply to the branch.</item>
/// <item><c>RequiredStatusChecks</c> and <c>AllowDeletions</c> cannot be expressed (GitLab never lets a protected branch be
/// deleted by a push, and named required checks are an Ultimate feature): asking for them fails with
/// <c>gitlab.unsupported_protection</c> before anything changes.</item>
/// </list>
/// </summary>
public sealed partial class GitLabClient : IGitHostingClient
{
    internal const int NoOne = 0;
    internal const int Developers = 30;
    internal const int Maintainers = 40;

    public string Provider => "gitlab";

    public async Task<IReadOnlyList<PostedReviewComment>> PostReviewCommentsAsync(
        string repository, int changeNumber, IReadOnlyList<ReviewComment> comments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(comments);

        // Check every path before posting anything, so bad input posts no comment at all.
        var paths = comments.Select(comment => RepositoryPath(comment.Path)).ToList();
        var mergeRequest = await GetMergeRequestAsync(repository, changeNumber, cancellationToken);
        if (mergeRequest.DiffRefs is not { } refs || string.IsNullOrEmpty(refs.HeadSha))
        {
            throw new LightningException(ErrorKind.Conflict, "gitlab.diff_not_ready",
                $"Merge request !{changeNumber} has no diff yet (GitLab is still preparing it); try again shortly.");
        }

        var posted = new List<PostedReviewComment>(comments.Count);
        for (var i = 0; i < comments.Count; i++)
        {
            var discussion = await CommentOnDiffLineAsync(repository, changeNumber, refs, paths[i], comments[i].Line, comments[i].Body, cancellationToken);
            var note = discussion.Notes.Count > 0 ? discussion.Notes[0] : null;
            var id = note?.Id.ToString(CultureInfo.InvariantCulture) ?? discussion.Id;
            posted.Add(new PostedReviewComment(id, paths[i], comments[i].Line, note is null ? mergeRequest.WebUrl : $"{mergeRequest.WebUrl}#note_{id}"));
        }

        return posted;
    }

    public async Task<BranchProtection?> GetBranchProtectionAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        var protectedBranch = await FindProtectedBranchAsync(repository, branch, cancellationToken);
        if (protectedBranch is null)
        {
            return null;
        }

        var push = protectedBranch.PushAccessLevels.Where(level => level.AccessLevel is NoOne or Developers or Maintainers)
            .Select(level => level.AccessLevel).DefaultIfEmpty(NoOne).Max();
        return new BranchProtection
        {
            RequiredApprovals = await RequiredApprovalsAsync(repository, protectedBranch, cancellationToken),
            AllowForcePushes = protectedBranch.AllowForcePush,
            AllowDeletions = false,
            AllowDirectPushes = push == Developers,
            EnforceAdmins = push == NoOne,
        };
    }

    public async Task<BranchProtection> ApplyBranchProtectionAsync(
        string repository, string branch, BranchProtection protection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentException.ThrowIfNullOrEmpty(branch);
        var unsupported = new List<string>();
        if (protection.RequiredStatusChecks.Count > 0)
        {
            unsupported.Add("required status checks (named checks need GitLab Ultimate's external status checks; use the project setting " +
                "'Pipelines must succeed' instead)");
        }

        if (protection.AllowDeletions)
        {
            unsupported.Add("allowing deletions (GitLab never lets a push delete a protected branch)");
        }

        if (protection.RequiredApprovals < 0)
        {
            unsupported.Add("a negative number of approvals");
        }

        if (unsupported.Count > 0)
        {
            throw new LightningException(ErrorKind.Invalid, "gitlab.unsupported_protection",
                $"GitLab cannot express {string.Join(" or ", unsupported)} for branch '{branch}'; nothing was changed.");
        }

        var push = protection.AllowDirectPushes ? Developers : protection.EnforceAdmins ? NoOne : Maintainers;
        var existing = await FindProtectedBranchAsync(repository, branch, cancellationToken);
        GitLabProtectedBranch applied;
        if (existing is null)
        {
            applied = await ProtectBranchAsync(repository, branch, push, Developers, protection.AllowForcePushes, cancellationToken);
        }
        else if (HasOnly(existing.PushAccessLevels, push) && HasOnly(existing.MergeAccessLevels, Developers))
        {
            applied = existing.AllowForcePush == protection.AllowForcePushes
                ? existing
                : await UpdateProtectedBranchAsync(repository, branch, protection.AllowForcePushes, cancellationToken);
        }
        else
        {
            // GitLab Free can only change access levels by protecting afresh. Put the old rules back if that fails,
            // so the branch is never left unprotected.
            await UnprotectBranchAsync(repository, branch, cancellationToken);
            try
            {
                applied = await ProtectBranchAsync(repository, branch, push, Developers, protection.AllowForcePushes, cancellationToken);
            }
            catch (LightningException)
            {
                Log.RestoringProtection(_logger, branch, repository);
                await ProtectBranchAsync(repository, branch, Level(existing.PushAccessLevels), Level(existing.MergeAccessLevels),
                    existing.AllowForcePush, CancellationToken.None);
                throw;
            }
        }

        await ApplyApprovalRuleAsync(repository, branch, applied, protection.RequiredApprovals, cancellationToken);
        return await GetBranchProtectionAsync(repository, branch, cancellationToken)
            ?? throw new LightningException(ErrorKind.Conflict, "gitlab.conflict", $"Branch '{branch}' was unprotected while its protection was applied.");
    }

    async Task<GitLabProtectedBranch?> FindProtectedBranchAsync(string repository, string branch, CancellationToken cancellationToken)
    {
        try
        {
            return await GetProtectedBranchAsync(repository, branch, cancellationToken);
        }
        catch (LightningException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            // GitLab answers the same 404 for "not protected" and "no such project": tell them apart.
            await GetProjectAsync(repository, cancellationToken);
            return null;
        }
    }

    async Task<int> RequiredApprovalsAsync(string repository, GitLabProtectedBranch branch, CancellationToken cancellationToken)
    {
        IReadOnlyList<GitLabApprovalRule> rules;
        try
        {
            rules = await ListApprovalRulesAsync(repository, cancellationToken);
        }
        catch (LightningException ex) when (ex.Code is "gitlab.forbidden" or "gitlab.not_found")
        {
            // GitLab Free has no approval rules: no approvals are required there.
            return 0;
        }

        return rules.Where(rule => AppliesTo(rule, branch)).Select(rule => rule.ApprovalsRequired).DefaultIfEmpty(0).Max();
    }

    static bool AppliesTo(GitLabApprovalRule rule, GitLabProtectedBranch branch) =>
        rule.AppliesToAllProtectedBranches
        || rule.ProtectedBranches.Count == 0
        || rule.ProtectedBranches.Any(candidate => candidate.Id == branch.Id);

    async Task ApplyApprovalRuleAsync(string repository, string branch, GitLabProtectedBranch protectedBranch, int approvals, CancellationToken cancellationToken)
    {
        var name = $"Lightning: {branch}";
        IReadOnlyList<GitLabApprovalRule> rules;
        try
        {
            rules = await ListApprovalRulesAsync(repository, cancellationToken);
        }
        catch (LightningException ex) when (approvals == 0 && ex.Code is "gitlab.forbidden" or "gitlab.not_found")
        {
            return;
        }

        var ours = rules.FirstOrDefault(rule => string.Equals(rule.Name, name, StringComparison.Ordinal));
        if (approvals == 0)
        {
            if (ours is not null)
            {
                await DeleteApprovalRuleAsync(repository, ours.Id, cancellationToken);
            }

            return;
        }

        if (ours is null)
        {
            await CreateApprovalRuleAsync(repository, name, approvals, [protectedBranch.Id], cancellationToken);
        }
        else if (ours.ApprovalsRequired != approvals || !ours.ProtectedBranches.Any(candidate => candidate.Id == protectedBranch.Id))
        {
            await UpdateApprovalRuleAsync(repository, ours.Id, name, approvals, [protectedBranch.Id], cancellationToken);
        }
    }

    static bool HasOnly(IReadOnlyList<GitLabAccessLevel> levels, int level) =>
        levels.Count == 1 && levels[0].AccessLevel == level;

    static int Level(IReadOnlyList<GitLabAccessLevel> levels) =>
        levels.Select(level => level.AccessLevel).DefaultIfEmpty(Maintainers).Max();
}
