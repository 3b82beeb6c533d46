using Lightning.Testing.History;

namespace Lightning.Testing.Selection;

/// <summary>
/// Turns a <see cref="TestSelection"/> into the runs that execute it: one run of everything when the selection falls
/// back to all; else one run per project with selected tests, narrowed to those tests where the framework selects by
/// test (pytest node ids or files; more than <see cref="TestRunService.MaxTests"/> become their files), the whole
/// project otherwise; no run when nothing is affected.
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
            var tests = selection.Tests.Where(test => test.Project == project.Root).ToList();
            IReadOnlyList<string> ids = !project.SelectsByTest ? []
                : tests.Count <= TestRunService.MaxTests ? tests.Select(test => test.Id).ToList()
                : tests.Select(test => test.Id.Split("::", 2)[0]).Distinct(StringComparer.Ordinal).Take(TestRunService.MaxTests).ToList();
            starts.Add(template with { Project = project.Root, Tests = ids });
        }

        return starts;
    }
}
