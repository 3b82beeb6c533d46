using System.Runtime.InteropServices;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// What Maven's profile activation looks at, as this machine has it: the JDK's version (the javac the toolchain probe
/// found; null when unknown, so no <c>&lt;jdk&gt;</c> profile is active), the OS's name, families, architecture and
/// version in Java's spelling (<c>os.name</c> "linux", <c>os.arch</c> "amd64"), and the environment for
/// <c>env.X</c> properties. No <c>-D</c> system properties are ever given, so any other property is absent.
/// </summary>
internal sealed record MavenActivation(
    string? JdkVersion, string OsName, IReadOnlyList<string> OsFamilies, string OsArch, string OsVersion, Func<string, string?> Environment)
{
    /// <summary>This machine, with the JDK version given.</summary>
    public static MavenActivation Here(string? jdkVersion)
    {
        var (name, families) = OperatingSystem.IsWindows() ? ("windows", (string[])["windows", "dos"])
            : OperatingSystem.IsMacOS() ? ("mac os x", ["mac", "unix"])
            : OperatingSystem.IsFreeBSD() ? ("freebsd", ["unix"])
            : ("linux", ["unix"]);
        // Java's os.arch names, which poms are written against.
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.X86 => "x86",
            Architecture.Arm64 => "aarch64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return new MavenActivation(jdkVersion, name, families, arch, System.Environment.OSVersion.Version.ToString(), System.Environment.GetEnvironmentVariable);
    }
}
