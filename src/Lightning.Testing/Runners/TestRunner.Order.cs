using Lightning.Testing.Detection;

namespace Lightning.Testing.Runners;

public sealed partial class TestRunner
{
    const int OrderNoteTests = 20;

    /// <summary>The run's record of the order it used: the first tests of the smart order, or why there was none.</summary>
    static string OrderNote(FrameworkAdapter adapter, DetectedTestProject project, List<OrderedRunTest> order)
    {
        var framework = TestFrameworks.NameOf(project.Framework);
        if (!adapter.CanOrder)
        {
            return $"Smart order not applied: {framework} takes no test order on its command line, so its own order was used.";
        }

        if (order.Count == 0)
        {
            return "Smart order: no history of these tests yet, so the framework's own order was used.";
        }

        var unit = project.Framework switch
        {
            TestFramework.Jest => "test files",
            TestFramework.GoTest => "packages",
            TestFramework.Rspec => "examples, each group at its first example's place,",
            TestFramework.Phpunit => "tests, each class at its first test's place,",
            TestFramework.Junit5 => "tests, each class at its first test's place (a class's own @TestMethodOrder kept),",
            _ => "tests",
        };
        var shown = string.Join(", ", order.Take(OrderNoteTests).Select(test => test.Id));
        return $"Smart order ({unit} by recent failure, failure rate, then speed; unlisted ones after): {shown}{(order.Count > OrderNoteTests ? $", ... ({order.Count} in all)" : string.Empty)}";
    }
}
