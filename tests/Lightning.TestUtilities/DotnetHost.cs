using System.Diagnostics;

namespace Lightning.TestUtilities;

/// <summary>Runs a built assembly in a child process with the same <c>dotnet</c> that runs the tests.</summary>
public static class DotnetHost
{
    /// <summary>The running <c>dotnet</c>, else <c>DOTNET_HOST_PATH</c> (set by the test platform), else the one on PATH.</summary>
    public static string Executable =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet"
            ? Environment.ProcessPath!
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary><c>dotnet exec <paramref name="assembly"/></c> with its output redirected; add the arguments and start it.</summary>
    public static ProcessStartInfo Exec(string assembly)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        return start;
    }
}
