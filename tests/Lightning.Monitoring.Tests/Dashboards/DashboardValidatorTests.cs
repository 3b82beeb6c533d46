using Lightning.Core.Errors;
using Lightning.Monitoring.Dashboards;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Dashboards;

public sealed class DashboardValidatorTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Substitute_ReplacesKnownVariables_AndLeavesUnknownOnes()
    {
        var values = new Dictionary<string, string> { ["host"] = "web-1", ["dc"] = "eu" };

        DashboardVariables.Substitute("host=$host,dc=${dc},core=$core", values).ShouldBe("host=web-1,dc=eu,core=$core");
        DashboardVariables.Substitute("host=web-2", values).ShouldBe("host=web-2");
    }

    [Fact]
    public void ToMetricQuery_SubstitutesVariables_AndDefaultsToTheWindowBeforeNow()
    {
        var query = DashboardValidator.ToMetricQuery(new PanelQuery { Measurement = "cpu", Where = "host=$host", Aggregate = "p95", Every = "1m", Window = "15m" },
            new Dictionary<string, string> { ["host"] = "web-1" }, Now, null, null);

        query.Where.ShouldBe([new TagFilter("host", TagOperator.Equal, "web-1")]);
        query.From.ShouldBe(Now.AddMinutes(-15));
        query.To.ShouldBe(Now);
        query.Aggregate.ShouldBe(Aggregate.Percentile);
        query.Percentile.ShouldBe(95);
    }

    [Fact]
    public void Validate_ReportsEveryProblem_KeyedByPanelAndField()
    {
        var definition = new DashboardDefinition
        {
            Name = "ok",
            Refresh = "off",
            Variables = new Dictionary<string, string> { ["9x"] = "v" },
            Panels =
            [
                new DashboardPanel { Id = "p", Title = "Fine", Query = new PanelQuery { Measurement = "cpu" } },
                new DashboardPanel { Id = "q", Title = "Odd", Compare = "later", X = 20, W = 6, Query = new PanelQuery { Measurement = "cpu", Window = "x", Where = "host" } },
            ],
        };

        var error = Should.Throw<ValidationFailedException>(() => DashboardValidator.Validate(definition));

        error.Errors.Keys.ShouldBe(["variables.9x", "panels[1].compare", "panels[1].w", "panels[1].query.window", "panels[1].query.where"], ignoreOrder: true);
        error.Errors["panels[1].query.where"][0].ShouldStartWith("Panel 2 ('Odd'): 'host' is not a tag filter");
    }

    [Theory]
    [InlineData(0, 119, 0, 150, 50)]
    [InlineData(50, 50, 44, 56, 2)]
    [InlineData(-3.2, 7.9, -5, 10, 5)]
    [InlineData(0.001, 0.0042, 0.001, 0.005, 0.001)]
    public void NiceScale_RoundsToOneTwoOrFiveSteps(double min, double max, double low, double high, double step)
    {
        var scale = DashboardReportWriter.NiceScale(min, max);

        scale.Low.ShouldBe(low, 1e-9);
        scale.High.ShouldBe(high, 1e-9);
        scale.Step.ShouldBe(step, 1e-9);
    }
}
