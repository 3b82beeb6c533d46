using Lightning.Agents.Tools;

namespace Lightning.Collaboration.Tasks;

/// <summary>What a plan is checked against at submit: the capabilities registered agents offer, their names, and the tools.</summary>
public sealed record PlanCatalog(IReadOnlySet<string> Capabilities, IReadOnlySet<string> Agents, ToolCatalog Tools);
