using Lightning.Core.Errors;

namespace Lightning.Testing.Detection.Toolchains;

/// <summary>
/// Whether a framework's toolchain is ready on this machine (for one project when <see cref="Project"/> is set: its own
/// node_modules or vendor tools count). Ready means every required tool answered its version probe.
/// </summary>
public sealed record ToolchainReport(TestFramework Framework, string Name, string? Project, bool Ready, IReadOnlyList<ToolStatus> Tools)
{
    public IEnumerable<ToolStatus> Missing => Tools.Where(tool => tool.Required && !tool.Present);

    /// <summary>
    /// <paramref name="command"/> with its program replaced by the executable the probe found for it (the python3 that has
    /// pytest, the node on the search path), so the command runs what was checked. Unknown programs are left as they are.
    /// </summary>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            return command;
        }

        var tool = Tools.FirstOrDefault(tool => tool.Present && tool.Executable is not null && string.Equals(tool.Program, command[0], StringComparison.Ordinal));
        return tool is null ? command : [tool.Executable!, .. command.Skip(1)];
    }

    /// <exception cref="LightningException"><c>testing.toolchain_missing</c>, naming each missing tool and the package that provides it.</exception>
    public void ThrowIfNotReady()
    {
        if (Ready)
        {
            return;
        }

        var where = Project is null ? "on this machine" : $"for '{Project}'";
        var missing = Missing.Select(tool => $"{tool.Tool} is missing ({tool.Problem}): install the {(tool.PackageManager == "npm" ? "npm" : "Debian")} package {tool.Package} ({tool.Install}).");
        throw new LightningException(ErrorKind.Unavailable, "testing.toolchain_missing",
            $"{TestFrameworks.Info(Framework).DisplayName} cannot run {where}: {string.Join(" ", missing)}");
    }
}
