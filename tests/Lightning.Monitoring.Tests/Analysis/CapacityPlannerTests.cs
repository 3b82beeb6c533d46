using Lightning.Monitoring.Analysis.Forecasting;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class CapacityPlannerTests
{
    static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public void Estimate_linear_growth_reaches_the_limit_when_the_line_says()
    {
        // Disk used: 40 % growing 1 % a day, hourly points for 20 days; 100 % is 40 days after the last point.
        const int points = 20 * 24;
        var times = SyntheticSeries.Times(points, Hour);
        var values = SyntheticSeries.Noise(points, 0.05, seed: 21).Plus(i => 40 + i / 24.0);
        var last = Timestamps.FromNanoseconds(times[^1]);

        var estimate = CapacityPlanner.Estimate(times, values, 100, TimeSpan.FromDays(90));

        estimate.Outlook.ShouldBe(CapacityOutlook.WillReachLimit);
        estimate.SlopePerDay.ShouldBe(1, tolerance: 0.02);
        (estimate.At!.Value - last).TotalDays.ShouldBe(40, tolerance: 1.5);
        estimate.Earliest!.Value.ShouldBeLessThanOrEqualTo(estimate.At.Value);
        estimate.Latest!.Value.ShouldBeGreaterThanOrEqualTo(estimate.At.Value);
        estimate.Confidence.ShouldBeGreaterThan(0.99);
        estimate.Explanation.ShouldContain("reaches 100");
    }

    [Fact]
    public void Estimate_beyond_the_horizon_says_so()
    {
        var times = SyntheticSeries.Times(480, Hour);
        var values = SyntheticSeries.Noise(480, 0.05, seed: 22).Plus(i => 40 + i / 24.0);

        var estimate = CapacityPlanner.Estimate(times, values, 100, TimeSpan.FromDays(7));

        estimate.Outlook.ShouldBe(CapacityOutlook.NotWithinHorizon);
        estimate.Explanation.ShouldContain("beyond the 7 days horizon");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void Estimate_flat_or_falling_never_reaches_the_limit(double perDay)
    {
        var times = SyntheticSeries.Times(480, Hour);
        var values = SyntheticSeries.Noise(480, 1, seed: 23).Plus(i => 60 + perDay * i / 24.0);

        var estimate = CapacityPlanner.Estimate(times, values, 100, TimeSpan.FromDays(365));

        estimate.Outlook.ShouldBe(CapacityOutlook.NotWithinHorizon);
        estimate.At.ShouldBeNull();
    }

    [Fact]
    public void Estimate_already_at_the_limit()
    {
        var times = SyntheticSeries.Times(50, Hour);
        var values = SyntheticSeries.Noise(50, 0.1, seed: 24).Plus(i => 90 + i);

        CapacityPlanner.Estimate(times, values, 100, TimeSpan.FromDays(1)).Outlook.ShouldBe(CapacityOutlook.AtLimit);
    }
}
