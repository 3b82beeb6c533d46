using Lightning.Core.Errors;
using Lightning.Monitoring.Analysis.Forecasting;

namespace Lightning.Monitoring.Tests.Analysis;

public sealed class ForecasterTests
{
    static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    static double Truth(int i) => 100 + 0.05 * i + 20 * Math.Sin(2 * Math.PI * i / 24);

    [Fact]
    public void Predict_daily_seasonal_series_is_accurate_and_the_interval_covers_the_truth()
    {
        // Hourly points, 14 days of history: trend + daily cycle + noise of σ 1.
        const int history = 14 * 24;
        const int horizon = 48;
        var times = SyntheticSeries.Times(history, Hour);
        var values = SyntheticSeries.Noise(history, 1, seed: 11).Plus(Truth);
        var future = SyntheticSeries.Noise(history + horizon, 1, seed: 12);

        var forecast = Forecaster.Predict(times, values, horizon, ForecastSettings.Default);

        forecast.SeasonLength.ShouldBe(24);
        forecast.TimestampsNs[0].ShouldBe(times[^1] + Hour.Ticks * 100);
        var absoluteErrors = Enumerable.Range(0, horizon).Select(h => Math.Abs(forecast.Values[h] - Truth(history + h))).ToArray();
        absoluteErrors.Average().ShouldBeLessThan(1.5); // the noise alone is σ 1; the cycle's amplitude is 20
        var covered = Enumerable.Range(0, horizon).Count(h =>
        {
            var actual = Truth(history + h) + future[history + h];
            return actual >= forecast.Lower[h] && actual <= forecast.Upper[h];
        });
        covered.ShouldBeGreaterThanOrEqualTo((int)(0.85 * horizon));
        (forecast.Upper[^1] - forecast.Lower[^1]).ShouldBeGreaterThanOrEqualTo(forecast.Upper[0] - forecast.Lower[0]);
    }

    [Fact]
    public void Predict_without_season_follows_the_trend()
    {
        var times = SyntheticSeries.Times(200, Hour);
        var values = SyntheticSeries.Noise(200, 0.5, seed: 13).Plus(i => 10 + 0.5 * i);

        var forecast = Forecaster.Predict(times, values, 10, ForecastSettings.Default with { Season = TimeSpan.Zero });

        forecast.SeasonLength.ShouldBe(0);
        forecast.Values[9].ShouldBe(10 + 0.5 * 209, tolerance: 3);
    }

    [Fact]
    public void Predict_refuses_too_few_points()
    {
        Should.Throw<ValidationFailedException>(() => Forecaster.Predict(SyntheticSeries.Times(5, Hour), new double[5], 3, ForecastSettings.Default));
    }

    [Fact]
    public void Median5_agrees_with_sorting()
    {
        var random = new Random(14);
        for (var trial = 0; trial < 2000; trial++)
        {
            var v = Enumerable.Range(0, 5).Select(_ => (double)random.Next(0, 6)).ToArray();
            var sorted = v.Order().ToArray();
            HoltWinters.Median5(v[0], v[1], v[2], v[3], v[4]).ShouldBe(sorted[2]);
        }
    }
}
