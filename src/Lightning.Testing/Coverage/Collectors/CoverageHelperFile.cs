namespace Lightning.Testing.Coverage.Collectors;

/// <summary>A file to write before the tests run (a coverage configuration, a helper program), at an absolute path in the output directory.</summary>
public sealed record CoverageHelperFile(string Path, string Content);
