using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// The one part of Maven's settings.xml that matters when nothing is downloaded: <c>&lt;localRepository&gt;</c>, where
/// Maven keeps (and so where a project's libraries are) instead of <c>~/.m2/repository</c>. The user's
/// <c>~/.m2/settings.xml</c> wins over the global one (<c>$M2_HOME/conf/settings.xml</c>, else Debian's
/// <c>/etc/maven/settings.xml</c>); <c>${user.home}</c> and <c>${env.X}</c> are expanded. Mirrors, servers and proxies
/// only say where to download from, so they are not read.
/// </summary>
internal static partial class MavenSettings
{
    /// <summary>Debian's global settings (what /usr/share/maven/conf/settings.xml links to).</summary>
    public const string DebianGlobalSettings = "/etc/maven/settings.xml";

    /// <summary>The local repository Maven would use here: the settings' one, or <c>~/.m2/repository</c>.</summary>
    /// <exception cref="InvalidOperationException">A settings file is not XML; the message names it and the line.</exception>
    public static string LocalRepository(string userHome, Func<string, string?> environment, string globalSettings = DebianGlobalSettings)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var m2Home = environment("M2_HOME");
        string?[] files =
        [
            Path.Combine(userHome, ".m2", "settings.xml"),
            m2Home is { Length: > 0 } && File.Exists(Path.Combine(m2Home, "conf", "settings.xml")) ? Path.Combine(m2Home, "conf", "settings.xml") : globalSettings,
        ];
        foreach (var file in files)
        {
            if (file is not null && File.Exists(file) && Configured(file) is { } configured)
            {
                var expanded = Placeholder().Replace(configured, match => match.Groups["name"].Value switch
                {
                    "user.home" => userHome,
                    var name when name.StartsWith("env.", StringComparison.Ordinal) => environment(name[4..]) ?? match.Value,
                    _ => match.Value,
                });
                // Relative to where Maven runs, as Maven takes it; here that is the server's working directory.
                return Path.GetFullPath(expanded);
            }
        }

        return DefaultLocalRepository(userHome);
    }

    /// <summary>
    /// <paramref name="repositories"/> with Maven's default local repository replaced by the one the settings name (a
    /// list configured without the default is the user's choice and left as it is).
    /// </summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> repositories, string userHome, Func<string, string?> environment, string globalSettings = DebianGlobalSettings)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var standard = Normal(DefaultLocalRepository(userHome));
        if (!repositories.Any(repository => Normal(repository) == standard))
        {
            return repositories;
        }

        var local = LocalRepository(userHome, environment, globalSettings);
        return repositories.Select(repository => Normal(repository) == standard ? local : repository).ToList();
    }

    /// <summary>The settings for this process: the user's home and environment.</summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> repositories) =>
        Apply(repositories, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable);

    static string DefaultLocalRepository(string userHome) => Path.Combine(userHome, ".m2", "repository");

    static string Normal(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    static string? Configured(string file)
    {
        XElement root;
        try
        {
            root = XDocument.Load(file, LoadOptions.SetLineInfo).Root ?? new XElement("settings");
        }
        catch (XmlException ex)
        {
            throw new InvalidOperationException($"{file} is not well-formed XML (line {ex.LineNumber}): {ex.Message}", ex);
        }

        return root.Elements().FirstOrDefault(element => element.Name.LocalName == "localRepository")?.Value.Trim() is { Length: > 0 } value ? value : null;
    }

    [GeneratedRegex(@"\$\{(?<name>[^}]+)\}")]
    private static partial Regex Placeholder();
}
