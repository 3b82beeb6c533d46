using Lightning.Core.Errors;
using Lightning.Testing.Selection;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Selection;

public sealed class TestSelectionServiceTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SelectAsync_SafeMode_UnitesCoverageAndImportsWithExplanations()
    {
        using var fixture = new SelectionFixture();
        await fixture.BuildMapAsync();
        fixture.Repository.Write("src/calc.py", SelectionFixture.Calc.Replace("return a - b", "return b - a", StringComparison.Ordinal));

        var selection = await fixture.SelectAsync();

        Assert.False(selection.RunAll);
        Assert.Equal(3, selection.KnownTests);
        Assert.Equal(["tests/test_calc.py", "tests/test_shop.py"], selection.Tests.Select(test => test.Id).Order(StringComparer.Ordinal));
        var calc = selection.Tests.Single(test => test.Id == "tests/test_calc.py");
        Assert.True(calc.WholeFile);
        Assert.Contains("tests/test_calc.py::test_sub runs because src/calc.py:sub changed (lines 6) and it covered lines 6", calc.Reasons);
        Assert.Contains("tests/test_calc.py runs because it imports src/calc.py", calc.Reasons);
        Assert.Equal(["tests/test_shop.py runs because it imports src/shop.py, which imports src/calc.py"], selection.Tests.Single(test => test.Id == "tests/test_shop.py").Reasons);
        Assert.Contains(selection.Notes, note => note.Contains("coverage map of '.' (3 tests)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SelectAsync_DataFileATestReadAtRunTime_SelectsExactlyThatTest()
    {
        using var fixture = new SelectionFixture();
        // test_reads_prices builds the path at run time; test_names_prices only names the file in a string. The source
        // alone points at both (the whole file); the reads recorded while the map was built point at the reader only.
        fixture.Repository
            .Write("tests/data/prices.json", "{\"apple\": 3}\n")
            .Write("tests/test_prices.py", """
                import json
                import pathlib

                HERE = pathlib.Path(__file__).parent


                def test_reads_prices():
                    with open(HERE / "data" / ("prices" + ".json"), encoding="utf-8") as prices:
                        assert json.load(prices)["apple"] == 3


                def test_names_prices():
                    assert "tests/data/prices.json".endswith(".json")

                """);
        fixture.Repository.Commit("prices");
        var map = Assert.Single(await fixture.Selection.BuildMapsAsync(fixture.Repository.Path, TimeSpan.FromMinutes(2), Token));
        Assert.True(map.ReadsRecorded);
        Assert.Equal(["tests/test_prices.py::test_reads_prices"], map.Reads["tests/data/prices.json"].Select(test => map.Tests[test]));
        fixture.Repository.Write("tests/data/prices.json", "{\"apple\": 4}\n");

        var selection = await fixture.SelectAsync();

        Assert.False(selection.RunAll);
        var test = Assert.Single(selection.Tests);
        Assert.Equal("tests/test_prices.py::test_reads_prices", test.Id);
        Assert.Equal(["tests/test_prices.py::test_reads_prices runs because it read tests/data/prices.json, which changed"], test.Reasons);
    }

    [Fact]
    public async Task SelectAsync_FastMode_KeepsTheTestThatRanTheChangedLines()
    {
        using var fixture = new SelectionFixture();
        await fixture.BuildMapAsync();
        fixture.Repository.Write("src/calc.py", SelectionFixture.Calc.Replace("return a - b", "return b - a", StringComparison.Ordinal));

        var selection = await fixture.SelectAsync(SelectionMode.Fast);

        var test = Assert.Single(selection.Tests);
        Assert.Equal("tests/test_calc.py::test_sub", test.Id);
        Assert.False(test.WholeFile);
        Assert.Equal(["tests/test_calc.py", "tests/test_shop.py"], selection.Dropped.Select(dropped => dropped.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SelectAsync_MapFromAnOlderCommit_CarriesLineNumbersToTheBase()
    {
        using var fixture = new SelectionFixture();
        await fixture.BuildMapAsync();
        // Three lines above everything move sub's body from line 6 to line 9 in the base.
        fixture.Repository.Write("src/calc.py", "# one\n# two\n# three\n" + SelectionFixture.Calc);
        var second = fixture.Repository.Commit("comments");
        fixture.Repository.Write("src/calc.py", "# one\n# two\n# three\n" + SelectionFixture.Calc.Replace("return a - b", "return b - a", StringComparison.Ordinal));

        var selection = await fixture.SelectAsync(SelectionMode.Fast);

        Assert.Equal(second, selection.Changes.Base);
        Assert.Equal("tests/test_calc.py::test_sub", Assert.Single(selection.Tests).Id);
        Assert.Contains(selection.Notes, note => note.Contains("line numbers carried over 1 changed files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SelectAsync_BetweenCommits_TestAndDocumentChanges()
    {
        using var fixture = new SelectionFixture();
        fixture.Repository.Write("tests/test_shop.py", "from shop import total\n\n\ndef test_total():\n    assert total([1, 2, 3]) == 6\n");
        fixture.Repository.Write("README.md", "# shop\n\nMore words.\n");
        fixture.Repository.Commit("second");

        var selection = await fixture.SelectAsync(baseRef: fixture.First, head: "HEAD");

        Assert.False(selection.RunAll);
        var test = Assert.Single(selection.Tests);
        Assert.Equal("tests/test_shop.py", test.Id);
        Assert.Equal(["tests/test_shop.py runs because it changed (lines 5)"], test.Reasons);
        Assert.Equal("README.md", Assert.Single(selection.Ignored).File);
        Assert.Contains(selection.Notes, note => note.StartsWith("No coverage map for pytest", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("config", "pytest.ini changed: a configuration or lock file, whose effect on the tests is unknown, so every test runs.")]
    [InlineData("deleted", "src/unused.py was deleted: what imported it cannot be checked from its contents, so every test runs.")]
    [InlineData("unmapped", "src/orphan.py changed and no test covers or imports it: its impact is unknown, so every test runs.")]
    [InlineData("data", "data/prices.csv changed and no test imports, reads or covers it: its impact is unknown, so every test runs.")]
    public async Task SelectAsync_UnknownImpact_RunsEverythingAndSaysWhy(string change, string reason)
    {
        using var fixture = new SelectionFixture();
        switch (change)
        {
            case "config":
                fixture.Repository.Write("pytest.ini", "[pytest]\ntestpaths = tests\npythonpath = src\naddopts = -x\n");
                break;
            case "deleted":
                fixture.Repository.Delete("src/unused.py");
                break;
            case "unmapped":
                fixture.Repository.Write("src/orphan.py", "Y = 2\n");
                break;
            default:
                fixture.Repository.Write("data/prices.csv", "a,1\n");
                break;
        }

        var selection = await fixture.SelectAsync();

        Assert.True(selection.RunAll);
        Assert.Equal(reason, Assert.Single(selection.Fallbacks).Reason);
    }

    [Fact]
    public async Task SelectAsync_Conftest_SelectsTheTestsBelowIt()
    {
        using var fixture = new SelectionFixture();
        fixture.Repository.Write("tests/conftest.py", "import pytest\n");

        var selection = await fixture.SelectAsync();

        Assert.Equal(["tests/test_calc.py", "tests/test_shop.py"], selection.Tests.Select(test => test.Id).Order(StringComparer.Ordinal));
        Assert.All(selection.Tests, test => Assert.Contains("tests/conftest.py changed and it holds fixtures for the tests under tests/", test.Reasons[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task SelectAsync_BadInput_NamesTheProblem()
    {
        using var fixture = new SelectionFixture();

        var unknown = await Assert.ThrowsAsync<LightningException>(() => fixture.SelectAsync(baseRef: "v9.9"));
        var confidence = await Assert.ThrowsAsync<ValidationFailedException>(() => fixture.SelectAsync(SelectionMode.Fast, confidence: 1.5));

        Assert.Equal("testing.unknown_ref", unknown.Code);
        Assert.Contains("'v9.9'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("confidence", confidence.Errors.Keys);
    }

    [Fact]
    public async Task BuildMapsAsync_RealPytest_MapsEachTestToTheLinesItRan()
    {
        using var fixture = new SelectionFixture();

        var map = Assert.Single(await fixture.Selection.BuildMapsAsync(fixture.Repository.Path, TimeSpan.FromMinutes(2), Token));

        Assert.Equal(fixture.First, map.Commit);
        Assert.False(map.Dirty);
        Assert.Equal(["tests/test_calc.py::test_add", "tests/test_calc.py::test_sub", "tests/test_shop.py::test_total"], map.Tests.Order(StringComparer.Ordinal));
        var calc = map.Files["src/calc.py"].ToDictionary(entry => map.Tests[entry.Test], entry => entry.Lines);
        Assert.Equal("2", calc["tests/test_calc.py::test_add"]);
        Assert.Equal("6", calc["tests/test_calc.py::test_sub"]);
        Assert.Equal("2", calc["tests/test_shop.py::test_total"]);
        Assert.Empty(map.UnmatchedContexts);
        Assert.False(Directory.Exists(Path.Combine(fixture.Repository.Path, ".pytest_cache")));
    }

    [Fact]
    public async Task SuiteOptimizer_AfterAMapIsBuilt_GroupsTestsThatRanTheSameLines()
    {
        using var fixture = new SelectionFixture();
        fixture.Repository.Write("tests/test_again.py", "from calc import add\n\n\ndef test_add_again():\n    assert add(2, 2) == 4\n");
        await Lightning.Core.Storage.DatabaseSetup.MigrateAsync(
            fixture.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Lightning.Testing.Persistence.TestingDbContext>>(), Token);
        var optimizer = fixture.Services.GetRequiredService<Lightning.Testing.Optimization.SuiteOptimizer>();
        var before = await optimizer.ReportAsync("shop", fixture.Repository.Path, 1, null, Token);

        await fixture.Selection.BuildMapsAsync(fixture.Repository.Path, TimeSpan.FromMinutes(2), Token);
        var after = await optimizer.ReportAsync("shop", fixture.Repository.Path, 1, null, Token);

        Assert.DoesNotContain(before.Duplicates, d => d.Kind == "same-coverage");
        Assert.Contains(before.Notes, n => n.StartsWith("No per-test coverage map of this repository yet", StringComparison.Ordinal));
        var group = Assert.Single(after.Duplicates, d => d.Kind == "same-coverage");
        Assert.Equal(["tests/test_again.py::test_add_again", "tests/test_calc.py::test_add"], group.Tests);
        Assert.StartsWith("2 tests running the same lines of 1 file(s) (pytest coverage map", group.Detail, StringComparison.Ordinal);
    }
}
