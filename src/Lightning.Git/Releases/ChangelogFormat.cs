namespace Lightning.Git.Releases;

/// <summary>The shape of a generated changelog.</summary>
public enum ChangelogFormat
{
    /// <summary>Byte for byte what <c>git-cliff</c> prints with its built-in default configuration.</summary>
    Default = 0,

    /// <summary>Keep a Changelog 1.1.0: Added, Changed, Deprecated, Removed, Fixed, Security.</summary>
    KeepAChangelog = 1,

    /// <summary>A user template file in the small Mustache-like language of <see cref="ChangelogTemplate"/>.</summary>
    Template = 2,
}
