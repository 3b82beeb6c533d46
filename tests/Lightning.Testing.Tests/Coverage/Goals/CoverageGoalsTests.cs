using Lightning.Core.Errors;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Goals;

namespace Lightning.Testing.Tests.Coverage.Goals;

public sealed class CoverageGoalsTests
{
    // src/a.py 8/10 lines, src/b.py 1/10, src/c.go 3/4 (no branches), lib/d.py 10/10; branches only in a.py (1/4).
    static readonly CoverageReport Report = CoverageReport.Build(
        [
            File("src/a.py", 10, 8, branches: (1, 4)),
            File("src/b.py", 10, 1),
            File("src/c.go", 4, 3),
            File("lib/d.py", 10, 10),
        ],
        CoverageCombine.Max,
        []);

    [Theory]
    [InlineData("src/**: 80% lines", "src/**", CoverageMetric.Lines, 80, false)]
    [InlineData("  **/*.py : lines 72.5% ", "**/*.py", CoverageMetric.Lines, 72.5, false)]
    [InlineData("src: 60% Branches per file", "src", CoverageMetric.Branches, 60, true)]
    [InlineData("lib/: 100% function each file", "lib/", CoverageMetric.Functions, 100, true)]
    public void Parse_OneGoal(string text, string path, CoverageMetric metric, double minimum, bool perFile) =>
        CoverageGoals.Parse(text).ShouldBe([new CoverageGoal(path, metric, minimum) { PerFile = perFile }]);

    [Fact]
    public void Parse_SeveralMetrics_GiveSeveralGoals()
    {
        var goals = CoverageGoals.ParseAll(["# team goals", "src/**: 80% lines, 60% branches per file", "", "**: 50% functions"]);

        goals.ShouldBe(
        [
            new CoverageGoal("src/**", CoverageMetric.Lines, 80) { PerFile = true },
            new CoverageGoal("src/**", CoverageMetric.Branches, 60) { PerFile = true },
            new CoverageGoal("**", CoverageMetric.Functions, 50),
        ]);
        goals[0].ToString().ShouldBe("src/**: 80% lines per file");
    }

    [Theory]
    [InlineData("src/** 80% lines", "it is not '<path glob>: <percent>% <lines|branches|functions>'")]
    [InlineData("src/**: 80% statements", "'80% statements' is not '<percent>% <lines|branches|functions>'")]
    [InlineData("src/**: 180% lines", "180% is not between 0 and 100")]
    [InlineData("/etc/**: 80% lines", "the path must be relative to the repository root")]
    [InlineData("../x/**: 80% lines", "the path must be relative to the repository root")]
    [InlineData("src/**: ,", "it names no percentage")]
    public void Parse_InvalidGoal_SaysWhyWithAnExample(string text, string why)
    {
        var error = Should.Throw<LightningException>(() => CoverageGoals.Parse(text));

        error.Code.ShouldBe(CoverageGoals.InvalidGoalCode);
        error.Message.ShouldBe($"Coverage goal '{text}' is invalid: {why} (for example 'src/**: 80% lines' or 'src/**/*.py: 70% branches per file').");
    }

    [Fact]
    public void Evaluate_AggregateGoal_FailsBelowTheMinimum_ListsTheFilesThatMissed()
    {
        var result = CoverageGoals.Evaluate(Report, CoverageGoals.Parse("src/**: 60% lines")).Goals.Single();

        // (8 + 1 + 3) / 24 = 50 %: 3 more lines reach 60 %.
        result.Passed.ShouldBeFalse();
        (result.FilesMatched, result.Covered, result.Total, result.Needed).ShouldBe((3, 12, 24, 3));
        result.Percent.ShouldBe(50);
        result.Missed.ShouldBe([new CoverageGoalMiss("src/b.py", 1, 10, 10, 5)]);
        result.Message.ShouldBe("src/**: 60% lines: 50.0% (12/24 lines), 3 more needed.");
    }

    [Fact]
    public void Evaluate_AggregateGoalThatPasses_StillListsTheThinFiles()
    {
        var result = CoverageGoals.Evaluate(Report, CoverageGoals.Parse("**: 60% lines")).Goals.Single();

        result.Passed.ShouldBeTrue();
        result.Missed.Select(miss => miss.Path).ShouldBe(["src/b.py"]);
    }

    [Fact]
    public void Evaluate_PerFileGoal_FailsWhenAnyFileMisses_MostNeededFirst()
    {
        var result = CoverageGoals.Evaluate(Report, CoverageGoals.Parse("src: 80% lines per file")).Goals.Single();

        result.Passed.ShouldBeFalse();
        result.Missed.Select(miss => (miss.Path, miss.Needed)).ShouldBe([("src/b.py", 7), ("src/c.go", 1)]);
        result.Message.ShouldBe("src: 80% lines per file: 1 of 3 files reach it.");
    }

    [Fact]
    public void Evaluate_PerFileGoal_CountsOnlyFilesWithSomethingToMeasure()
    {
        var result = CoverageGoals.Evaluate(Report, CoverageGoals.Parse("src: 50% branches per file")).Goals.Single();

        result.Passed.ShouldBeFalse();
        result.Missed.ShouldBe([new CoverageGoalMiss("src/a.py", 1, 4, 25, 1)]);
        result.Message.ShouldBe("src: 50% branches per file: 0 of 1 files reach it (2 without branches).");
    }

    [Fact]
    public void Evaluate_GoalMatchingNoFile_Fails_GoalWithNothingToMeasure_Passes()
    {
        var enforcement = CoverageGoals.Evaluate(Report, CoverageGoals.ParseAll(["docs/**: 50% lines", "src/*.go: 90% branches"]));

        enforcement.Passed.ShouldBeFalse();
        enforcement.Goals[0].Passed.ShouldBeFalse();
        enforcement.Goals[0].Message.ShouldBe("docs/**: 50% lines: no covered file matches docs/**.");
        enforcement.Goals[1].Passed.ShouldBeTrue();
        enforcement.Goals[1].Percent.ShouldBeNull();
        enforcement.Goals[1].Message.ShouldBe("src/*.go: 90% branches: not measured, the 1 matching files have no branches.");
        enforcement.Failures.ShouldHaveSingleItem().Goal.Path.ShouldBe("docs/**");
    }

    [Fact]
    public void Evaluate_ExactlyAtTheMinimum_Passes()
    {
        var result = CoverageGoals.Evaluate(Report, CoverageGoals.Parse("src/a.py: 80% lines")).Goals.Single();

        result.Passed.ShouldBeTrue();
        result.Missed.ShouldBeEmpty();
    }

    [Fact]
    public void Describe_ListsFailedGoalsWithTheirFiles()
    {
        var enforcement = CoverageGoals.Evaluate(Report, CoverageGoals.ParseAll(["lib: 90% lines", "src: 80% lines per file"]));

        enforcement.Describe().ShouldBe("""
            passed lib: 90% lines: 100.0% (10/10 lines).
            FAILED src: 80% lines per file: 1 of 3 files reach it.
              src/b.py: 10.0% (1/10), 7 more to reach 80%
              src/c.go: 75.0% (3/4), 1 more to reach 80%

            """.ReplaceLineEndings(Environment.NewLine));
    }

    [Theory]
    [InlineData("src", "src/a.py", true)]
    [InlineData("src", "srcx/a.py", false)]
    [InlineData("src/a.py", "src/a.py", true)]
    [InlineData("./src/", "src/deep/a.py", true)]
    [InlineData("**/*.py", "a.py", true)]
    [InlineData("src/*.py", "src/deep/a.py", false)]
    [InlineData("**", "anything/at/all", true)]
    public void Matches_GlobsDirectoriesAndFiles(string glob, string path, bool matches) => CoverageGoals.Matches(glob, path).ShouldBe(matches);

    static FileCoverage File(string path, int lines, int covered, (int Covered, int Total)? branches = null)
    {
        var list = Enumerable.Range(1, lines).Select(number => new LineCoverage(number, number <= covered ? 1 : 0)).ToList();
        if (branches is { } known)
        {
            list[0] = list[0] with { BranchesCovered = known.Covered, BranchesTotal = known.Total };
        }

        return FileCoverage.Build(path, list, [], CoverageCombine.Max);
    }
}
