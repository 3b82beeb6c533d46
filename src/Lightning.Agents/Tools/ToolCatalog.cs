using Lightning.Core.Errors;

namespace Lightning.Agents.Tools;

/// <summary>Every tool registered in the container, by name.</summary>
public sealed class ToolCatalog
{
    readonly Dictionary<string, IAgentTool> _tools;

    public ToolCatalog(IEnumerable<IAgentTool> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        _tools = new(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            // The last registration wins, so a host can replace a built-in tool.
            _tools[tool.Name] = tool;
        }
    }

    public IReadOnlyCollection<IAgentTool> All => _tools.Values;

    public IAgentTool? Find(string name) => _tools.GetValueOrDefault(name);

    public IAgentTool Get(string name) =>
        Find(name) ?? throw new LightningException(ErrorKind.NotFound, "tool.not_found",
            $"No tool named '{name}'. Known tools: {string.Join(", ", _tools.Keys.Order(StringComparer.Ordinal))}.");
}
