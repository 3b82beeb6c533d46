using Lightning.Agents.Tools;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Tests.Tasks;

internal static class TestCatalogs
{
    public static ToolCatalog Tools() => new(
    [
        new EchoTool(),
        new FakeTool("command", "command", "command"),
        new FakeTool("read-file", "files", "path"),
        new FakeTool("list-files", "files"),
        new FakeTool("prompt", "llm", "prompt"),
        new FakeTool("repository-analysis", "repository-analysis", "path"),
    ]);

    public static PlanCatalog Default() => new(
        new HashSet<string>(["command", "files", "llm", "repository-analysis", "security"], StringComparer.Ordinal),
        new HashSet<string>(["devops", "reviewer"], StringComparer.Ordinal),
        Tools());

    public static PlanCatalog WithoutLlm() => new(
        new HashSet<string>(["command", "files", "repository-analysis"], StringComparer.Ordinal),
        new HashSet<string>(["devops"], StringComparer.Ordinal),
        Tools());
}
