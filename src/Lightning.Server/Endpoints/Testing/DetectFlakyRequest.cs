namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// <c>POST /api/v2/testing/flaky/detect</c>: weigh <see cref="Repository"/>'s history, rerun up to <see cref="Reruns"/>
/// times each failure history cannot explain (configured default when null), and with <see cref="OrderCheck"/> run
/// the pytest suite of <see cref="Project"/> reversed and in <see cref="Shuffles"/> seeded shuffles, bisecting for polluters.
/// </summary>
public sealed record DetectFlakyRequest(
    string? Repository, string? Path = null, int? Reruns = null, bool? OrderCheck = null, int? Shuffles = null, int? Seed = null, string? Project = null);
