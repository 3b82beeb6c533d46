namespace Lightning.Testing.Runners.Live;

/// <summary>
/// A case as a framework announces it while running. <see cref="Id"/> is the id the framework's report will give it
/// (each adapter builds it the way that report does), <see cref="Selector"/> what selects it again on a retry.
/// </summary>
internal sealed record LiveCase(string Suite, string Id, string Name, string? ClassName, string? File, int? Line, string? Selector);
