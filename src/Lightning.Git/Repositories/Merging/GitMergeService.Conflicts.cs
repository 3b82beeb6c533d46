using Lightning.Core.Errors;

namespace Lightning.Git.Repositories.Merging;

public sealed partial class GitMergeService
{
    /// <summary>
    /// The operation in progress and every conflicted file with its base, ours and theirs versions (index stages 1, 2
    /// and 3) and the worktree text with conflict markers.
    /// </summary>
    public async Task<GitConflictReport> ConflictsAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        var operation = OperationOf(repository);
        var files = new List<GitConflictedFile>();
        foreach (var entry in await UnmergedAsync(repository, cancellationToken))
        {
            files.Add(new GitConflictedFile(
                entry.Path,
                entry.Kind,
                await VersionAsync(repository, entry.Stages[0], cancellationToken),
                await VersionAsync(repository, entry.Stages[1], cancellationToken),
                await VersionAsync(repository, entry.Stages[2], cancellationToken),
                await WorkingTextAsync(repository, entry.Path, cancellationToken)));
        }

        return new GitConflictReport(operation, files);
    }

    /// <summary>
    /// Resolves one conflicted file and stages the result: our side, their side (removing the file when the chosen
    /// side deleted it) or the supplied text. The path is relative to the repository root and must stay inside it.
    /// </summary>
    public async Task ResolveAsync(string repositoryPath, string file, GitResolution resolution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        var repository = await OpenAsync(repositoryPath, cancellationToken);
        var relative = ConfinedPath(repository, file);
        var entry = (await UnmergedAsync(repository, cancellationToken)).FirstOrDefault(e => string.Equals(e.Path, relative, StringComparison.Ordinal))
            ?? throw new LightningException(ErrorKind.NotFound, "git.not_conflicted", $"'{relative}' is not a conflicted file.");
        if (resolution.Side == GitResolutionSide.Content && resolution.Content is null)
        {
            throw new LightningException(ErrorKind.Invalid, "git.resolution_content_missing", "A content resolution needs the resolved text.");
        }

        switch (resolution.Side)
        {
            case GitResolutionSide.Ours or GitResolutionSide.Theirs:
                var stage = resolution.Side == GitResolutionSide.Ours ? entry.Stages[1] : entry.Stages[2];
                if (stage is null)
                {
                    await git.RunAsync(repository.Root, ["--literal-pathspecs", "rm", "-q", "--force", "--ignore-unmatch", "--", relative], cancellationToken);
                }
                else
                {
                    var side = resolution.Side == GitResolutionSide.Ours ? "--ours" : "--theirs";
                    await git.RunAsync(repository.Root, ["--literal-pathspecs", "checkout", side, "--", relative], cancellationToken);
                    await git.RunAsync(repository.Root, ["--literal-pathspecs", "add", "--", relative], cancellationToken);
                }

                break;
            default:
                var full = Path.Combine(repository.Root, relative);
                if (File.ResolveLinkTarget(full, returnFinalTarget: false) is not null)
                {
                    // Writing through a symlink from the repository would write wherever it points.
                    File.Delete(full);
                }

                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, resolution.Content, cancellationToken);
                await git.RunAsync(repository.Root, ["--literal-pathspecs", "add", "--", relative], cancellationToken);
                break;
        }

        Log.Resolved(_logger, relative, resolution.Side);
    }

    async Task<IReadOnlyList<GitConflict>> ConflictListAsync(RepositoryContext repository, CancellationToken cancellationToken) =>
        [.. (await UnmergedAsync(repository, cancellationToken)).Select(entry => new GitConflict(entry.Path, entry.Kind))];

    async Task<IReadOnlyList<UnmergedEntry>> UnmergedAsync(RepositoryContext repository, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repository.Root, ["ls-files", "--unmerged", "-z"], cancellationToken);
        var byPath = new SortedDictionary<string, StageEntry?[]>(StringComparer.Ordinal);
        foreach (var record in result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <object> <stage>\t<path>"
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var fields = record[..tab].Split(' ');
            var path = record[(tab + 1)..];
            if (!byPath.TryGetValue(path, out var stages))
            {
                stages = new StageEntry?[3];
                byPath[path] = stages;
            }

            stages[fields[2][0] - '1'] = new StageEntry(fields[0], fields[1]);
        }

        return [.. byPath.Select(pair => new UnmergedEntry(pair.Key, KindOf(pair.Value), pair.Value))];
    }

    static GitConflictKind KindOf(StageEntry?[] stages) => (stages[0] is not null, stages[1] is not null, stages[2] is not null) switch
    {
        (true, true, true) => GitConflictKind.BothModified,
        (false, true, true) => GitConflictKind.AddedByBoth,
        (true, false, true) => GitConflictKind.DeletedByUs,
        (true, true, false) => GitConflictKind.DeletedByThem,
        (false, true, false) => GitConflictKind.AddedByUs,
        (false, false, true) => GitConflictKind.AddedByThem,
        _ => GitConflictKind.DeletedByBoth,
    };

    async Task<GitConflictVersion?> VersionAsync(RepositoryContext repository, StageEntry? stage, CancellationToken cancellationToken)
    {
        if (stage is null)
        {
            return null;
        }

        if (string.Equals(stage.Mode, "160000", StringComparison.Ordinal))
        {
            // A submodule's "content" is a commit id in another repository.
            return new GitConflictVersion(stage.ObjectId, stage.Mode, null, IsBinary: false);
        }

        var blob = await git.RunAsync(repository.Root, ["cat-file", "blob", stage.ObjectId], cancellationToken);
        var binary = blob.StandardOutput.Contains('\0', StringComparison.Ordinal);
        return new GitConflictVersion(stage.ObjectId, stage.Mode, binary ? null : blob.StandardOutput, binary);
    }

    static async Task<string?> WorkingTextAsync(RepositoryContext repository, string relative, CancellationToken cancellationToken)
    {
        var full = Path.Combine(repository.Root, relative);
        if (!File.Exists(full) || File.ResolveLinkTarget(full, returnFinalTarget: false) is not null)
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(full, cancellationToken);
        return text.Contains('\0', StringComparison.Ordinal) ? null : text;
    }

    /// <summary>A caller's path inside the repository, as git spells it (relative, <c>/</c>); anything that leaves the repository is refused.</summary>
    static string ConfinedPath(RepositoryContext repository, string file)
    {
        if (string.IsNullOrWhiteSpace(file) || file.Contains('\0', StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", "A file path is required.");
        }

        var root = Path.TrimEndingDirectorySeparator(repository.Root);
        var full = Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(root, file));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"'{file}' is outside the repository.");
        }

        var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
        if (relative.Equals(".git", StringComparison.Ordinal) || relative.StartsWith(".git/", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"'{file}' is inside the git directory.");
        }

        // A symlinked folder inside the repository could still lead outside it.
        for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
        {
            if (Directory.Exists(folder) && new DirectoryInfo(folder).LinkTarget is not null)
            {
                throw new LightningException(ErrorKind.Invalid, "git.path_outside_repository", $"'{file}' goes through a symbolic link.");
            }
        }

        return relative;
    }

    sealed record StageEntry(string Mode, string ObjectId);

    sealed record UnmergedEntry(string Path, GitConflictKind Kind, StageEntry?[] Stages);
}
