using System.Globalization;
using System.Text.Json;
using Lightning.Collaboration.Tasks;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>The graphs the scheduler benchmark submits: every subtask a no-op tool call on an agent with capability "noop".</summary>
internal static class SchedulerGraphs
{
    /// <summary>
    /// <paramref name="layers"/> layers of <paramref name="width"/>: node i of a layer depends on node i of the layer before,
    /// and every even node also on one more node of it (so 1–2 dependencies, and every node but the last layer's has a dependent).
    /// </summary>
    public static TaskPlan Layered(int layers, int width, string tool)
    {
        var subtasks = new List<SubtaskSpec>(layers * width);
        for (var layer = 0; layer < layers; layer++)
        {
            for (var i = 0; i < width; i++)
            {
                IReadOnlyList<string>? dependsOn = layer == 0 ? null
                    : i % 2 == 0 && ((i * 7) + 13) % width != i ? [Id(layer - 1, i), Id(layer - 1, ((i * 7) + 13) % width)]
                    : [Id(layer - 1, i)];
                subtasks.Add(Node(Id(layer, i), tool, (layer * width) + i, dependsOn));
            }
        }

        return new TaskPlan { Subtasks = subtasks };
    }

    /// <summary><paramref name="count"/> independent subtasks, all ready at submit.</summary>
    public static TaskPlan FanOut(int count, string tool) =>
        new() { Subtasks = [.. Enumerable.Range(0, count).Select(i => Node(Id(0, i), tool, i, null))] };

    /// <summary><paramref name="chains"/> independent chains of <paramref name="length"/>: at most <paramref name="chains"/> subtasks are ever ready at once.</summary>
    public static TaskPlan Chains(int chains, int length, string tool)
    {
        var subtasks = new List<SubtaskSpec>(chains * length);
        for (var step = 0; step < length; step++)
        {
            for (var chain = 0; chain < chains; chain++)
            {
                subtasks.Add(Node(Id(step, chain), tool, (step * chains) + chain, step == 0 ? null : [Id(step - 1, chain)]));
            }
        }

        return new TaskPlan { Subtasks = subtasks };
    }

    static string Id(int layer, int i) => string.Create(CultureInfo.InvariantCulture, $"l{layer}-{i}");

    static SubtaskSpec Node(string id, string tool, int n, IReadOnlyList<string>? dependsOn) => new()
    {
        Id = id,
        Capability = SchedulerHost.Capability,
        Tool = tool,
        Input = JsonSerializer.SerializeToElement(new { n }),
        DependsOn = dependsOn,
    };
}
