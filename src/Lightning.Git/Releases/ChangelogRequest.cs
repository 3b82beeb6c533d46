namespace Lightning.Git.Releases;

/// <summary>What changelog to generate.</summary>
/// <param name="Package">A configured package: its tags and the commits under its path only.</param>
/// <param name="TemplatePath">The template file for <see cref="ChangelogFormat.Template"/> (any readable path).</param>
/// <param name="UnreleasedOnly">Only the work since the last tag.</param>
/// <param name="FromTag">Only releases after this tag (exclusive).</param>
/// <param name="ToTag">Only releases up to this tag (inclusive), and no unreleased work.</param>
/// <param name="NextTag">Present the unreleased work as this release, dated now (as <c>git cliff --tag</c> does).</param>
/// <param name="IncludeHeader">The document header (Keep a Changelog's title and preamble); off for sections to prepend.</param>
public sealed record ChangelogRequest(
    string? Package = null,
    ChangelogFormat Format = ChangelogFormat.Default,
    string? TemplatePath = null,
    bool UnreleasedOnly = false,
    string? FromTag = null,
    string? ToTag = null,
    string? NextTag = null,
    bool IncludeHeader = true);
