namespace Lightning.Testing.Selection.Watch;

/// <summary>
/// The files saved during one burst, relative to the watched directory (<c>/</c>-separated, ordinal order).
/// <see cref="Overflowed"/>: the system dropped events, so any file may have changed. <see cref="FirstEventAt"/> is when
/// the burst's first event arrived (the start of save-to-result latency).
/// </summary>
public sealed record FileChangeBatch(IReadOnlyList<string> Paths, bool Overflowed, DateTimeOffset FirstEventAt);
