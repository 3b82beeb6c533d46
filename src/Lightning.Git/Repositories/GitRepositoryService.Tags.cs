using Lightning.Core.Errors;

namespace Lightning.Git.Repositories;

public sealed partial class GitRepositoryService
{
    /// <summary>Every tag, sorted by name, lightweight or annotated (with message and tagger), with the commit it names.</summary>
    public Task<IReadOnlyList<GitTag>> ListTagsAsync(string repositoryPath, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<GitTag>>(repositoryPath, (repository, _) =>
        {
            var tags = new List<GitTag>();
            foreach (var tag in repository.Tags)
            {
                var annotation = tag.IsAnnotated ? tag.Annotation : null;
                var tagger = annotation?.Tagger;
                tags.Add(new GitTag(tag.FriendlyName, tag.IsAnnotated, tag.PeeledTarget.Sha,
                    annotation?.Message.TrimEnd('\n'), tagger?.Name, tagger?.Email, tagger?.When));
            }

            tags.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return tags;
        }, cancellationToken);

    /// <summary>
    /// Tags <paramref name="target"/> (HEAD when null): annotated, with the configured author as tagger, when a
    /// <paramref name="message"/> is given, lightweight otherwise. <c>git.tag_exists</c> when the name is taken.
    /// </summary>
    public async Task<GitTag> CreateTagAsync(string repositoryPath, string name, string? target, string? message, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        await ValidTagNameAsync(root, name, cancellationToken);
        var sha = await CommitShaAsync(root, target ?? "HEAD", cancellationToken);
        if (await RefExistsAsync(root, "refs/tags/" + name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Conflict, "git.tag_exists", $"A tag named '{name}' already exists.");
        }

        if (message is not null && string.IsNullOrWhiteSpace(message))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_message", "An annotated tag needs a non-empty message.");
        }

        await _git.RunAsync(root,
            message is null ? ["tag", "--no-sign", name, sha] : ["tag", "--annotate", "--no-sign", "--cleanup=whitespace", "--file=-", name, sha],
            cancellationToken, new GitCliRequest { StandardInput = message });
        Log.TagCreated(_logger, name, sha, root);
        return (await ListTagsAsync(root, cancellationToken)).Single(tag => string.Equals(tag.Name, name, StringComparison.Ordinal));
    }

    public async Task DeleteTagAsync(string repositoryPath, string name, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('-') || !await RefExistsAsync(root, "refs/tags/" + name, cancellationToken))
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"There is no tag named '{name}'.");
        }

        await _git.RunAsync(root, ["tag", "--delete", name], cancellationToken);
        Log.TagDeleted(_logger, name, root);
    }
}
