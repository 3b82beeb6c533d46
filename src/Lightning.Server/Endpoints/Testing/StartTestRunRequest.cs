namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// <c>POST /api/v2/testing/runs</c>: where (<see cref="Repository"/>, as for detection, and <see cref="Path"/>), what
/// (<see cref="Project"/> a detected root, <see cref="Framework"/> a name or alias, <see cref="Tests"/> case ids), and how
/// (<see cref="Retries"/> for failed tests, <see cref="TimeoutSeconds"/> per project); <see cref="Coverage"/> measures
/// coverage, and a missed goal of <see cref="Goals"/> (<c>src/**: 80% lines</c>, <c>src/**=80</c>) fails the run;
/// <see cref="Shards"/> splits each shardable project; <see cref="Order"/> <c>smart</c> runs recently failed and
/// failure-prone tests first, then the fastest. With <see cref="Select"/>, the tests a change needs are selected and run instead (one run per project; repository and path come from this request).
/// With <see cref="Custom"/>, nothing is detected: that command (an argument list, run in the repository) is the run's
/// one project, and the reports it writes (JUnit XML, TRX, TAP, <c>go test -json</c>) are its results.
/// </summary>
public sealed record StartTestRunRequest(
    string? Repository,
    string? Path = null,
    string? Project = null,
    string? Framework = null,
    IReadOnlyList<string>? Tests = null,
    int? Retries = null,
    int? TimeoutSeconds = null,
    bool? Coverage = null,
    IReadOnlyList<string>? Goals = null,
    int? Shards = null,
    SelectTestsRequest? Select = null,
    string? Order = null,
    Lightning.Testing.Runners.CustomTestCommand? Custom = null);
