namespace Lightning.Testing.Coverage.Goals;

/// <summary>A file under a goal's path that is below its minimum, and how many more lines (branches, functions) would reach it.</summary>
public sealed record CoverageGoalMiss(string Path, int Covered, int Total, double Percent, int Needed);
