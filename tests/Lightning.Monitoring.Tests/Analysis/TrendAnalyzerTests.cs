using Lightning.Monitoring.Analysis.Trends;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class TrendAnalyzerTests
{
    static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    [Fact]
    public void Analyze_rising_series_is_significant_with_the_right_slope()
    {
        // +0.5 per hour = +12 per day, under noise of σ 2, with a few outliers Theil-Sen must shrug off.
        var times = SyntheticSeries.Times(1000, Step);
        var values = SyntheticSeries.Noise(1000, 2, seed: 31).Plus(i => 10 + 0.5 * i / 6.0);
        values[100] = 500;
        values[600] = -500;

        var report = TrendAnalyzer.Analyze(times, values);

        report.Direction.ShouldBe(TrendDirection.Rising);
        report.IsSignificant.ShouldBeTrue();
        report.SlopePerHour.ShouldBe(0.5, tolerance: 0.05);
        report.SlopePerDay.ShouldBe(12, tolerance: 1.2);
        report.SlopeLowPerHour.ShouldBeLessThanOrEqualTo(report.SlopePerHour);
        report.SlopeHighPerHour.ShouldBeGreaterThanOrEqualTo(report.SlopePerHour);
        report.PValue.ShouldBeLessThan(0.001);
        report.Summary.ShouldStartWith("rising by");
    }

    [Fact]
    public void Analyze_falling_series_has_a_negative_slope()
    {
        var times = SyntheticSeries.Times(300, Step);
        var values = SyntheticSeries.Noise(300, 1, seed: 32).Plus(i => 100 - 0.1 * i);

        var report = TrendAnalyzer.Analyze(times, values);

        report.Direction.ShouldBe(TrendDirection.Falling);
        report.SlopePerHour.ShouldBeLessThan(0);
    }

    [Fact]
    public void Analyze_noise_has_no_significant_trend()
    {
        var times = SyntheticSeries.Times(300, Step);
        var values = SyntheticSeries.Noise(300, 1, seed: 33).Plus(_ => 50);

        var report = TrendAnalyzer.Analyze(times, values);

        report.Direction.ShouldBe(TrendDirection.Flat);
        report.IsSignificant.ShouldBeFalse();
        report.ChangePoints.ShouldBeEmpty();
    }

    [Fact]
    public void Analyze_finds_a_level_shift_where_it_happened()
    {
        var times = SyntheticSeries.Times(300, Step);
        var values = SyntheticSeries.Noise(300, 1, seed: 34).Plus(i => i < 180 ? 20 : 30);

        var report = TrendAnalyzer.Analyze(times, values);

        var change = report.ChangePoints.ShouldHaveSingleItem();
        change.Index.ShouldBeInRange(178, 182);
        change.TimestampNs.ShouldBe(times[change.Index]);
        change.Shift.ShouldBe(10, tolerance: 0.7);
    }

    [Fact]
    public void MannKendall_counts_ties()
    {
        var result = MannKendall.Test([1, 1, 2, 2, 3, 3]);

        result.S.ShouldBe(12);
        result.Variance.ShouldBe((6 * 5 * 17 - 3 * (2 * 1 * 9)) / 18.0, tolerance: 1e-9);
    }
}
