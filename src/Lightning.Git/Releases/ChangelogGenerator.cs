using Lightning.Git.Repositories;
using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using Microsoft.Extensions.Options;
using Semver;

namespace Lightning.Git.Releases;

/// <summary>
/// Changelogs from a repository's history: by default exactly what <c>git-cliff</c> prints with its built-in
/// configuration; also Keep a Changelog 1.1.0 and user templates (<see cref="ChangelogTemplate"/>). Can prepend new
/// sections to an existing CHANGELOG.md, written atomically.
/// </summary>
public sealed class ChangelogGenerator(ReleaseHistoryReader history, IOptions<ReleaseOptions> options, TimeProvider? timeProvider = null)
{
    const string KeepAChangelogHeader =
        "# Changelog\n\nAll notable changes to this project will be documented in this file.\n\n"
        + "The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),\n"
        + "and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).\n";

    readonly ReleaseOptions _options = options.Value;
    readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// The releases of the repository (or package), newest first, the unreleased work on top (possibly empty). Every
    /// tag reachable from HEAD starts a release, as in git-cliff; for a package only its version tags do, and only
    /// commits touching its path are kept.
    /// </summary>
    public async Task<IReadOnlyList<ChangelogRelease>> ReadReleasesAsync(string repositoryPath, ReleasePackage? package, CancellationToken cancellationToken)
    {
        var root = await history.RootAsync(repositoryPath, cancellationToken);
        var commits = await history.ReadCommitsAsync(root, null, null, cancellationToken);
        var touching = package is null ? null : await history.CommitsTouchingAsync(root, package.Path, cancellationToken);
        var tags = package is null
            ? (await history.ReadTagsAsync(root, cancellationToken)).Select(tag => (tag.Name, tag.CommitSha, Version: SemanticVersioning.ParseTag(tag.Name, _options.TagPrefix)))
            : (await history.ReadVersionTagsAsync(root, _options.TagPrefix, package, cancellationToken)).Select(tag => (tag.Name, tag.CommitSha, Version: (SemVersion?)tag.Version));

        // Several tags on one commit: the highest version wins, then the last name.
        var tagByCommit = tags
            .GroupBy(tag => tag.CommitSha, StringComparer.Ordinal)
            .ToDictionary(
                group => group.Key,
                group => group.OrderBy(tag => tag.Version, Comparer<SemVersion?>.Create((a, b) => a is null ? (b is null ? 0 : -1) : b is null ? 1 : SemVersion.ComparePrecedence(a, b)))
                    .ThenBy(tag => tag.Name, StringComparer.Ordinal).Last().Name,
                StringComparer.Ordinal);

        var releases = new List<ChangelogRelease>();
        string? currentTag = null;
        DateTimeOffset? currentDate = null;
        var current = new List<ReleaseCommit>();
        foreach (var commit in commits)
        {
            if (tagByCommit.TryGetValue(commit.Sha, out var tag))
            {
                releases.Add(new ChangelogRelease(currentTag, currentDate, current));
                (currentTag, currentDate, current) = (tag, commit.CommitDate, []);
            }

            if (touching is null || touching.Contains(commit.Sha))
            {
                current.Add(commit);
            }
        }

        releases.Add(new ChangelogRelease(currentTag, currentDate, current));
        return releases;
    }

    /// <summary>Generates the changelog <paramref name="request"/> asks for; reads only.</summary>
    public async Task<string> GenerateAsync(string repositoryPath, ChangelogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var package = request.Package is null ? null
            : _options.Packages.Find(p => string.Equals(p.Name, request.Package, StringComparison.Ordinal))
                ?? throw new LightningException(ErrorKind.NotFound, "git.unknown_package", $"No package '{request.Package}' is configured.");
        var template = await LoadTemplateAsync(request, cancellationToken);
        var releases = Select(await ReadReleasesAsync(repositoryPath, package, cancellationToken), request);
        return Render(releases, request.Format, template, request.IncludeHeader);
    }

    /// <summary>Renders <paramref name="releases"/> (newest first) in <paramref name="format"/>; pure.</summary>
    public static string Render(IReadOnlyList<ChangelogRelease> releases, ChangelogFormat format, ChangelogTemplate? template = null, bool includeHeader = true)
    {
        ArgumentNullException.ThrowIfNull(releases);
        return format switch
        {
            ChangelogFormat.Default => RenderCliff(releases),
            ChangelogFormat.KeepAChangelog => RenderKeepAChangelog(releases, includeHeader),
            ChangelogFormat.Template => (template ?? throw new LightningException(ErrorKind.Invalid, "git.changelog_template_missing",
                "The template format needs a template file.")).Render(BuildModel(releases)),
            _ => throw new LightningException(ErrorKind.Invalid, "git.changelog_format_unknown", $"Unknown changelog format {format}."),
        };
    }

    /// <summary>
    /// Puts <paramref name="sections"/> at the top of the changelog file <paramref name="relativePath"/> (inside the
    /// repository): after its title, before the first <c>## </c> release, replacing an <c>## [Unreleased]</c>
    /// section already there. A new file gets Keep a Changelog's header in that format. The file is replaced atomically.
    /// </summary>
    public async Task<string> PrependAsync(string repositoryPath, string relativePath, string sections, ChangelogFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var root = await history.RootAsync(repositoryPath, cancellationToken);
        var file = Path.Combine(root, RepositoryPaths.Confine(root, relativePath));
        var existing = File.Exists(file) ? (await File.ReadAllTextAsync(file, cancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        var content = Prepend(existing, sections, format);
        var temporary = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        try
        {
            await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken);
            File.Move(temporary, file, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return file;
    }

    /// <summary>The text of a changelog with <paramref name="sections"/> put on top; pure.</summary>
    public static string Prepend(string? existing, string sections, ChangelogFormat format)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var block = sections.TrimEnd('\n') + "\n";
        var separator = format == ChangelogFormat.Default ? string.Empty : "\n";
        if (string.IsNullOrWhiteSpace(existing))
        {
            return format == ChangelogFormat.KeepAChangelog ? KeepAChangelogHeader + "\n" + block : block;
        }

        var lines = existing.Split('\n').ToList();
        var first = lines.FindIndex(line => line.StartsWith("## ", StringComparison.Ordinal));
        if (first >= 0 && lines[first].StartsWith("## [unreleased]", StringComparison.OrdinalIgnoreCase))
        {
            var next = lines.FindIndex(first + 1, line => line.StartsWith("## ", StringComparison.Ordinal));
            lines.RemoveRange(first, (next < 0 ? lines.Count : next) - first);
            if (next < 0)
            {
                first = -1;
            }
        }

        if (first < 0)
        {
            var head = string.Join('\n', lines).TrimEnd('\n');
            return head.Length == 0 ? block : head + "\n\n" + block;
        }

        var before = first == 0 ? string.Empty : string.Join('\n', lines.Take(first)) + "\n";
        var after = string.Join('\n', lines.Skip(first));
        return before + block + separator + after;
    }

    List<ChangelogRelease> Select(IReadOnlyList<ChangelogRelease> releases, ChangelogRequest request)
    {
        var selected = releases.ToList();
        if (request.NextTag is not null && selected.Count > 0 && selected[0].IsUnreleased)
        {
            selected[0] = selected[0] with { Tag = request.NextTag, Date = _time.GetUtcNow() };
        }

        if (request.UnreleasedOnly)
        {
            return selected.Take(selected.Count > 0 && (selected[0].IsUnreleased || request.NextTag is not null) ? 1 : 0).ToList();
        }

        if (request.ToTag is not null)
        {
            var to = IndexOfTag(selected, request.ToTag);
            selected = selected.Skip(to).ToList();
        }

        if (request.FromTag is not null)
        {
            var from = IndexOfTag(selected, request.FromTag);
            selected = selected.Take(from).ToList();
        }

        return selected;
    }

    static int IndexOfTag(List<ChangelogRelease> releases, string tag)
    {
        var index = releases.FindIndex(release => string.Equals(release.Tag, tag, StringComparison.Ordinal));
        return index >= 0 ? index : throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"No release is tagged '{tag}'.");
    }

    static async Task<ChangelogTemplate?> LoadTemplateAsync(ChangelogRequest request, CancellationToken cancellationToken)
    {
        if (request.Format != ChangelogFormat.Template)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(request.TemplatePath) || !File.Exists(request.TemplatePath))
        {
            throw new LightningException(ErrorKind.Invalid, "git.changelog_template_missing",
                $"The changelog template file '{request.TemplatePath}' does not exist.");
        }

        return ChangelogTemplate.Parse(await File.ReadAllTextAsync(request.TemplatePath, cancellationToken));
    }

    // git-cliff's default body template, rendered by hand: per release "## [version] - date" (or "## [unreleased]"),
    // then per group "\n### group\n\n" and one "- *(scope)* [**breaking**] Description" line per commit, oldest first;
    // each release trimmed and ended with one newline. A release whose commits are all filtered out is dropped, except
    // the oldest tagged one (git-cliff keeps an empty release only when there is no release before it).
    static string RenderCliff(IReadOnlyList<ChangelogRelease> releases)
    {
        var output = new StringBuilder();
        for (var index = 0; index < releases.Count; index++)
        {
            var release = releases[index];
            var grouped = release.Commits
                .Select(commit => (conventional: commit.GitCliffConventional, commit))
                .Select(pair => (pair.conventional, group: ChangelogGroups.CliffGroup(pair.commit, pair.conventional)))
                .Where(pair => pair.group is not null)
                .ToList();
            var isOldestTagged = index == releases.Count - 1 && release.Tag is not null;
            if (grouped.Count == 0 && !isOldestTagged)
            {
                continue;
            }

            var text = new StringBuilder();
            text.Append(release.Tag is null
                ? "## [unreleased]\n"
                : $"## [{release.Tag.TrimStart('v')}] - {release.Date!.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
            foreach (var group in ChangelogGroups.CliffOrder)
            {
                var commits = grouped.Where(pair => string.Equals(pair.group, group, StringComparison.Ordinal)).Select(pair => pair.conventional!).Reverse().ToList();
                if (commits.Count == 0)
                {
                    continue;
                }

                text.Append('\n').Append("### ").Append(group).Append("\n\n");
                foreach (var conventional in commits)
                {
                    text.Append("- ");
                    if (conventional.Scope is not null)
                    {
                        text.Append("*(").Append(conventional.Scope).Append(")* ");
                    }

                    if (conventional.IsBreaking)
                    {
                        text.Append("[**breaking**] ");
                    }

                    text.Append(UpperFirst(conventional.Description)).Append('\n');
                }
            }

            output.Append(text.ToString().Trim()).Append('\n');
        }

        return output.ToString();
    }

    static string RenderKeepAChangelog(IReadOnlyList<ChangelogRelease> releases, bool includeHeader)
    {
        var blocks = new List<string>();
        foreach (var release in releases)
        {
            var entries = release.Commits
                .Select(commit => (commit, section: ChangelogGroups.KeepAChangelogSection(commit)))
                .Where(pair => pair.section is not null)
                .ToList();
            if (release.IsUnreleased && entries.Count == 0)
            {
                continue;
            }

            var text = new StringBuilder();
            text.Append(release.Tag is null
                ? "## [Unreleased]\n"
                : $"## [{DisplayVersion(release.Tag)}] - {release.Date!.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\n");
            foreach (var section in ChangelogGroups.KeepAChangelogOrder)
            {
                var commits = entries.Where(pair => string.Equals(pair.section, section, StringComparison.Ordinal)).Select(pair => pair.commit).Reverse().ToList();
                if (commits.Count == 0)
                {
                    continue;
                }

                text.Append("\n### ").Append(section).Append("\n\n");
                foreach (var commit in commits)
                {
                    var conventional = commit.Conventional!;
                    text.Append("- ");
                    if (conventional.IsBreaking)
                    {
                        text.Append("**BREAKING:** ");
                    }

                    if (conventional.Scope is not null)
                    {
                        text.Append("**").Append(conventional.Scope).Append(":** ");
                    }

                    text.Append(UpperFirst(conventional.Description)).Append('\n');
                }
            }

            blocks.Add(text.ToString());
        }

        var body = string.Join("\n", blocks);
        return includeHeader ? KeepAChangelogHeader + (body.Length > 0 ? "\n" + body : string.Empty) : body;
    }

    /// <summary>
    /// The model user templates see: <c>releases</c> → each with <c>version</c>, <c>tag</c>, <c>date</c>,
    /// <c>unreleased</c>, <c>groups</c> (git-cliff's, each with <c>title</c>, <c>heading</c>, <c>commits</c>) and
    /// <c>commits</c>; each commit with <c>sha</c>, <c>short_sha</c>, <c>type</c>, <c>scope</c>, <c>description</c>,
    /// <c>body</c>, <c>breaking</c>, <c>breaking_description</c>, <c>author</c>, <c>date</c>, <c>subject</c>.
    /// Unconventional and skipped commits are left out, as in the default changelog, and so is unreleased work without any.
    /// </summary>
    internal static Dictionary<string, object?> BuildModel(IReadOnlyList<ChangelogRelease> releases)
    {
        var list = new List<object?>();
        foreach (var release in releases)
        {
            var grouped = release.Commits.Reverse()
                .Select(commit => (commit, group: ChangelogGroups.CliffGroup(commit, commit.Conventional)))
                .Where(pair => pair.group is not null)
                .ToList();
            if (release.IsUnreleased && grouped.Count == 0)
            {
                continue;
            }

            var groups = ChangelogGroups.CliffOrder
                .Select(heading => (heading, commits: grouped.Where(pair => string.Equals(pair.group, heading, StringComparison.Ordinal)).Select(pair => CommitModel(pair.commit)).ToList()))
                .Where(group => group.commits.Count > 0)
                .Select(group => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["title"] = ChangelogGroups.PlainTitle(group.heading),
                    ["heading"] = group.heading,
                    ["commits"] = group.commits,
                })
                .ToList();
            list.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["version"] = release.Tag is null ? null : DisplayVersion(release.Tag),
                ["tag"] = release.Tag,
                ["date"] = release.Date?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["unreleased"] = release.IsUnreleased,
                ["groups"] = groups,
                ["commits"] = grouped.Select(pair => CommitModel(pair.commit)).ToList(),
            });
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { ["releases"] = list };
    }

    static Dictionary<string, object?> CommitModel(ReleaseCommit commit)
    {
        var c = commit.Conventional!;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["sha"] = commit.Sha,
            ["short_sha"] = commit.ShortSha,
            ["type"] = c.Type,
            ["scope"] = c.Scope,
            ["description"] = UpperFirst(c.Description),
            ["body"] = c.Body,
            ["breaking"] = c.IsBreaking,
            ["breaking_description"] = c.BreakingDescription,
            ["author"] = commit.AuthorName,
            ["date"] = commit.CommitDate.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["subject"] = commit.Subject,
        };
    }

    /// <summary>The version a tag names without its <c>v</c> (<c>v1.2.3</c> → <c>1.2.3</c>; <c>api@1.2.3</c> stays).</summary>
    static string DisplayVersion(string tag) => tag.TrimStart('v');

    static string UpperFirst(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var first = System.Text.Rune.GetRuneAt(text, 0);
        return System.Text.Rune.ToUpperInvariant(first) + text[first.Utf16SequenceLength..];
    }
}
