namespace Lightning.Testing.Detection.Toolchains;

/// <summary>
/// One tool a framework needs, as found on this machine. <see cref="Program"/> is the name commands use
/// (<c>python3</c>, <c>java</c>), <see cref="Executable"/> the file that answered (the full path of the python3 that can
/// import pytest, say). When it is missing, <see cref="Package"/> names exactly what to install, with
/// <see cref="PackageManager"/> (<c>apt</c> for Debian packages, <c>npm</c>) and the full <see cref="Install"/> command.
/// </summary>
/// <param name="Required">False for tools only coverage needs: the tests run without them.</param>
/// <param name="Problem">Why the tool counts as missing (not on the PATH, the module cannot be imported, the output of a failed run).</param>
public sealed record ToolStatus(
    string Tool,
    string Program,
    string Purpose,
    bool Required,
    bool Present,
    string? Version,
    string? Executable,
    string Package,
    string PackageManager,
    string Install,
    string? Problem);
