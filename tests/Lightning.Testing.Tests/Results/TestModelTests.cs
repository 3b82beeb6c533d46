using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Results;

public sealed class TestModelTests
{
    [Fact]
    public void Totals_CountEveryOutcomeAcrossNestedSuites()
    {
        var totals = SampleRuns.Rich().Totals;

        totals.ShouldBe(new TestTotals(5, 1, 1, 1, 1, 1, 1, TimeSpan.FromSeconds(3.005)));
        totals.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Totals_Add_SumsTwoRuns()
    {
        var one = new TestTotals(2, 1, 1, 0, 0, 0, 0, TimeSpan.FromSeconds(1));
        var two = new TestTotals(3, 1, 0, 0, 1, 1, 1, TimeSpan.FromSeconds(2));

        one.Add(two).ShouldBe(new TestTotals(5, 2, 1, 0, 1, 1, 1, TimeSpan.FromSeconds(3)));
        TestTotals.Empty.Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("tests.test_x.TestY", null, new string[0], "test_z", "tests.test_x.TestY::test_z")]
    [InlineData(null, "calc.test.js", new[] { "add" }, "works", "calc.test.js::works")]
    [InlineData("add works", null, new[] { "add" }, "add works", "add::add works")]
    [InlineData(null, null, new[] { "outer", "", "inner" }, "works", "outer::inner::works")]
    [InlineData(null, null, new string[0], "works", "works")]
    public void CaseId_UsesTheFirstUsableScope(string? className, string? file, string[] path, string name, string id)
    {
        TestCaseId.Create(className, file, path, name).ShouldBe(id);
    }

    [Fact]
    public void Json_IsCamelCaseWithKebabCaseEnums_AndReadsBack()
    {
        var run = SampleRuns.Rich();

        var json = JsonSerializer.Serialize(run, LightningJson.Options);
        var back = JsonSerializer.Deserialize<TestRun>(json, LightningJson.Options)!;

        json.ShouldContain("\"outcome\":\"flaky\"");
        json.ShouldContain("\"kind\":\"error\"");
        json.ShouldContain("\"startedAt\":\"2026-11-24T09:30:00.123+01:00\"");
        var divides = JsonDocument.Parse(json).RootElement.GetProperty("suites")[0].GetProperty("cases")[1];
        divides.TryGetProperty("failure", out _).ShouldBeFalse("the first-failure shortcut is not serialised");
        divides.GetProperty("failures").GetArrayLength().ShouldBe(2);
        back.ShouldBeSameRunAs(run);
    }

    [Fact]
    public void Enumerate_WalksSuitesDepthFirst()
    {
        var run = SampleRuns.Rich();

        run.EnumerateSuites().Select(s => s.Name).ShouldBe(["com.example.CalcTest", "com.example.CalcTest::parametrised"]);
        run.EnumerateCases().Select(c => c.Name).ShouldBe(["adds", "divides", "flaky", "ignored", "add(1, 2)"]);
        run.Case("divides").Failure!.Message.ShouldBe("expected: <3>\nbut was: <4>");
    }
}
