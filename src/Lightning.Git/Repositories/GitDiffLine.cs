namespace Lightning.Git.Repositories;

/// <summary>
/// A line of a hunk: <see cref="Kind"/> is <c>' '</c> (context), <c>'+'</c> or <c>'-'</c>. An added line has no old
/// number, a removed line no new one. <see cref="NoNewlineAtEnd"/> marks the last line of a file without a final newline.
/// </summary>
public sealed record GitDiffLine(char Kind, int? OldLineNumber, int? NewLineNumber, string Content, bool NoNewlineAtEnd = false);
