using Lightning.Testing.History;

namespace Lightning.Testing.Selection;

/// <summary>
/// Turns a <see cref="TestSelection"/> into the runs that execute it: one run of everything when the selection falls
/// back to all; else one run per project with selected tests, narrowed to those tests where the framework selects by
/// test (pytest node ids or files, go, PHPUnit, RSpec, JUnit and dotnet tests, Jest files; more than <see cref="TestRunService.MaxTests"/>
/// become their files), the whole project otherwise; no run when nothing is affected.
/// </summary>
public static class SelectionRunPlan
{
    public static IReadOnlyList<TestRunStart> Plan(TestSelection selection, TestRunStart template)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(template);
        if (selection.RunAll)
        {
            return [template];
        }

        var starts = new List<TestRunStart>();
        foreach (var project in selection.Projects.Where(project => project.Selected > 0))
        {
            starts.Add(template with { Project = project.Root, Tests = TestsOf(selection, project) });
        }

        return starts;
    }

    /// <summary>
    /// What the runner is given for one project's selected tests: none (the whole project) when its framework does not
    /// select; else the ids as its runner names tests (go packages, PHPUnit classes), at most
    /// <see cref="TestRunService.MaxTests"/> (beyond, their files).
    /// </summary>
    public static IReadOnlyList<string> TestsOf(TestSelection selection, SelectedProject project)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(project);
        if (!project.SelectsByTest)
        {
            return [];
        }

        var tests = selection.Tests.Where(test => test.Project == project.Root).ToList();
        IEnumerable<string> ids = tests.Count <= TestRunService.MaxTests
            ? tests.Select(test => test.Id)
            : tests.Select(test => test.Id.Split("::", 2)[0]).Distinct(StringComparer.Ordinal);
        var runnerIds = Coverage.FrameworkTests.RunnerIds(Path.Combine(selection.Repository, project.Root), project.Framework, ids);
        return runnerIds.Count <= TestRunService.MaxTests ? runnerIds : [.. runnerIds.Take(TestRunService.MaxTests)];
    }
}
