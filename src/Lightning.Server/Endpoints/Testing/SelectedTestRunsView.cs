using Lightning.Testing.History;
using Lightning.Testing.Selection;

namespace Lightning.Server.Endpoints.Testing;

/// <summary>What <c>POST /runs</c> with <c>select</c> started: the selection with its reasons, and one run per project it needs (none when nothing is affected).</summary>
public sealed record SelectedTestRunsView(TestSelection Selection, IReadOnlyList<TestRunView> Runs);
