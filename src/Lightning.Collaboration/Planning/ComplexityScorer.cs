using System.Globalization;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// Rates a plan from 0 to 100, deterministically, as the sum of five capped parts:
/// <list type="bullet">
/// <item>size: 10 × log2(subtasks), at most 30 (1 subtask 0, 2 → 10, 8 or more → 30);</item>
/// <item>depth: 5 × (levels − 1), at most 20 (a chain of 5 or more → 20);</item>
/// <item>width: 5 × log2(most subtasks at one level), at most 15 (8 side by side or more → 15);</item>
/// <item>diversity: 2 × (distinct tools − 1) + 2 × distinct capabilities, at most 15;</item>
/// <item>effort: 4 × log2(1 + Σ tool weights), at most 20; weights: echo 0, file tools 1, repository-analysis 2,
/// command 3, prompt 5, any other tool 3, a pure aggregation 0.</item>
/// </list>
/// Levels: below 15 trivial, below 35 simple, below 60 moderate, below 80 complex, else very complex.
/// </summary>
public sealed class ComplexityScorer
{
    public const double UnknownToolWeight = 3;

    public static readonly IReadOnlyDictionary<string, double> DefaultWeights = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["echo"] = 0,
        ["read-file"] = 1,
        ["write-file"] = 1,
        ["list-files"] = 1,
        ["repository-analysis"] = 2,
        ["command"] = 3,
        ["prompt"] = 5,
    };

    readonly IReadOnlyDictionary<string, double> _weights;

    public ComplexityScorer()
        : this(DefaultWeights)
    {
    }

    /// <param name="weights">Effort per tool name; tools not listed weigh <see cref="UnknownToolWeight"/>.</param>
    public ComplexityScorer(IReadOnlyDictionary<string, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = weights;
    }

    public double WeightOf(string tool) => _weights.TryGetValue(tool, out var weight) ? weight : UnknownToolWeight;

    public ComplexityScore Score(TaskGraph graph, PlanCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = graph.Count;
        var levels = graph.MaxDepth;
        var width = nodes == 0 ? 0 : graph.Depth.GroupBy(depth => depth).Max(group => group.Count());
        var tools = graph.Nodes.Where(node => node.Tool is not null).Select(node => node.Tool!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var capabilities = graph.Nodes
            .SelectMany(node => new[] { node.Capability, node.Tool is null ? null : catalog?.Tools.Find(node.Tool)?.Capability })
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var effortByTool = graph.Nodes.Where(node => node.Tool is not null)
            .GroupBy(node => node.Tool!, StringComparer.Ordinal)
            .Select(group => (Tool: group.Key, Count: group.Count(), Weight: WeightOf(group.Key)))
            .OrderBy(entry => entry.Tool, StringComparer.Ordinal).ToList();
        var effort = effortByTool.Sum(entry => entry.Count * entry.Weight);

        var size = Math.Min(30, 10 * Math.Log2(Math.Max(1, nodes)));
        var depth = Math.Min(20, 5 * Math.Max(0, levels - 1));
        var breadth = Math.Min(15, 5 * Math.Log2(Math.Max(1, width)));
        var diversity = Math.Min(15, (2 * Math.Max(0, tools.Count - 1)) + (2 * capabilities.Count));
        var work = Math.Min(20, 4 * Math.Log2(1 + effort));
        var score = (int)Math.Round(Math.Clamp(size + depth + breadth + diversity + work, 0, 100), MidpointRounding.AwayFromZero);

        var reasons = new List<string>
        {
            $"{nodes} subtask{Plural(nodes)} (+{Points(size)})",
            $"{levels} level{Plural(levels)} deep (+{Points(depth)})",
            $"up to {width} subtask{Plural(width)} side by side (+{Points(breadth)})",
            $"{tools.Count} distinct tool{Plural(tools.Count)}{List(tools)} and {capabilities.Count} capabilit{(capabilities.Count == 1 ? "y" : "ies")}{List(capabilities)} (+{Points(diversity)})",
            $"estimated effort {Points(effort)}{(effortByTool.Count == 0 ? string.Empty : $" ({string.Join(", ", effortByTool.Select(e => $"{e.Tool} {e.Count}×{Points(e.Weight)}"))})")} (+{Points(work)})",
        };

        return new ComplexityScore(score, LevelOf(score), nodes, levels, width, capabilities.Count, tools.Count, effort, reasons);
    }

    public static ComplexityLevel LevelOf(int score) => score switch
    {
        < 15 => ComplexityLevel.Trivial,
        < 35 => ComplexityLevel.Simple,
        < 60 => ComplexityLevel.Moderate,
        < 80 => ComplexityLevel.Complex,
        _ => ComplexityLevel.VeryComplex,
    };

    static string Plural(int count) => count == 1 ? string.Empty : "s";

    static string List(List<string> names) => names.Count == 0 ? string.Empty : $" ({string.Join(", ", names)})";

    static string Points(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
