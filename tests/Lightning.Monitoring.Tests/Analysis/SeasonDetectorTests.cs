using Lightning.Monitoring.Analysis.Statistics;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class SeasonDetectorTests
{
    const int Day = 1440;

    /// <summary>Two days and a point of 1-minute data: σ 1 noise, a faint daily sine and a 30-minute 6σ batch peak
    /// (correlated at about 0.5 a day apart).</summary>
    static double[] TwoDaysWithBatchPeak(int seed) =>
        SyntheticSeries.Noise(2 * Day + 1, 1, seed).Plus(i => 100 + 0.6 * Math.Sin(2 * Math.PI * i / Day) + (i % Day is >= 377 and < 407 ? 6 : 0));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DetectAmong_finds_a_daily_batch_peak_with_just_two_days_of_history(int seed)
    {
        var values = TwoDaysWithBatchPeak(seed);
        var detrended = SeasonDetector.Detrend(values);

        // The whole-series estimator shrinks the lag-one-day correlation by (n − lag)/n ≈ ½: under the 0.3 needed.
        SeasonDetector.Autocorrelation(detrended, Day).ShouldBeLessThan(SeasonDetector.MinAutocorrelation);
        SeasonDetector.OverlapCorrelation(detrended, Day).ShouldBeGreaterThan(0.4);
        SeasonDetector.DetectAmong(values, [60, Day]).ShouldBe(Day);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void DetectAmong_finds_no_season_in_noise_over_the_same_span(int seed)
    {
        var values = SyntheticSeries.Noise(2 * Day + 1, 1, seed).Plus(i => 100 + 0.002 * i);

        SeasonDetector.DetectAmong(values, [60, Day]).ShouldBe(0);
    }

    [Fact]
    public void OverlapCorrelation_of_a_pure_cycle_at_its_period_is_one()
    {
        var values = new double[3 * 24];
        for (var i = 0; i < values.Length; i++) values[i] = Math.Sin(2 * Math.PI * i / 24);

        SeasonDetector.OverlapCorrelation(values, 24).ShouldBe(1, 1e-9);
        SeasonDetector.OverlapCorrelation(values, 12).ShouldBe(-1, 1e-9);
        SeasonDetector.OverlapCorrelation(values, 0).ShouldBe(0);
    }
}
