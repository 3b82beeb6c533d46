namespace Lightning.Benchmarks.Reporting;

/// <summary>A figure's median over several runs, with the smallest and largest run.</summary>
internal sealed record Spread(double Median, double Min, double Max);
