using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Alerts;

public sealed class AlertRuleValidatorTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("00:05:00", 300)]
    [InlineData("0", 0)]
    public void Duration_TryParse_ReadsPrometheusDurations(string text, int seconds)
    {
        Duration.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("m5")]
    [InlineData("")]
    public void Duration_TryParse_RefusesOtherText(string text) => Duration.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Duration_Format_WritesTheShortForm() => Duration.Format(TimeSpan.FromSeconds(5400)).ShouldBe("1h30m");

    [Fact]
    public void Validate_EverythingWrong_ReportsEveryField()
    {
        var rule = new AlertRule
        {
            Name = " ",
            Query = new AlertQuery { Measurement = "", Where = [new TagFilter("host", TagOperator.Matches, "(")] },
            Condition = new AlertCondition { Reducer = Reducer.Percentile },
            For = TimeSpan.FromDays(30),
            Interval = TimeSpan.FromMilliseconds(10),
            Labels = new Dictionary<string, string> { ["9bad"] = "x", ["alertname"] = "y" },
        };

        var error = Should.Throw<ValidationFailedException>(() => AlertRuleValidator.Validate(rule, anomaliesAvailable: false));

        error.Errors.Keys.ShouldBe(
            ["name", "query.measurement", "query.where[0]", "condition.operator", "condition.threshold", "condition.percentile", "for", "interval", "labels"],
            ignoreOrder: true);
        error.Errors["condition.operator"].ShouldContain(m => m.Contains(">=", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AnomalyWithoutADetector_SaysThresholdsAreAvailable()
    {
        var rule = AlertHarness.CpuRule() with { Condition = new AlertCondition { Type = ConditionType.Anomaly } };

        var error = Should.Throw<ValidationFailedException>(() => AlertRuleValidator.Validate(rule, anomaliesAvailable: false));

        error.Errors["condition.type"].ShouldHaveSingleItem().ShouldContain("use a threshold");
        AlertRuleValidator.Validate(rule, anomaliesAvailable: true).Condition.Type.ShouldBe(ConditionType.Anomaly);
    }

    [Fact]
    public void Validate_GoodRule_FillsMissingCollectionsAndDefaultsTheInterval()
    {
        var rule = AlertRuleValidator.Validate(AlertHarness.CpuRule() with { Annotations = null! }, anomaliesAvailable: false);

        rule.Annotations.ShouldBeEmpty();
        rule.Interval.ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AnnotationTemplate_Render_FillsValueLabelsAndRule()
    {
        var text = AnnotationTemplate.Render("{{ $rule }}: {{$labels.host}} at {{ $value }} {{ $labels.missing }}{{ $other }}",
            91.23456, new Dictionary<string, string> { ["host"] = "web-1" }, "HighCpu");

        text.ShouldBe("HighCpu: web-1 at 91.235 {{ $other }}");
    }

    [Fact]
    public void Reducers_Reduce_MatchesTheStoresAggregates()
    {
        double[] values = [1, 5, double.NaN, 3, 9];

        Reducers.Reduce(Reducer.Last, values).ShouldBe(9);
        Reducers.Reduce(Reducer.Mean, values).ShouldBe(4.5);
        Reducers.Reduce(Reducer.Median, values).ShouldBe(4);
        Reducers.Reduce(Reducer.Count, values).ShouldBe(4);
        Reducers.Reduce(Reducer.Percentile, values, 75).ShouldBe(5);
        Reducers.Reduce(Reducer.Max, [double.NaN]).ShouldBeNull();
    }
}
