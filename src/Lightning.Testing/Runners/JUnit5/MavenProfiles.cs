using System.Xml.Linq;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// Maven's profile activation and injection for one pom: the profiles active on this machine (<see cref="MavenActivation"/>)
/// have their <c>&lt;properties&gt;</c>, <c>&lt;dependencies&gt;</c> and <c>&lt;dependencyManagement&gt;</c> merged into
/// the pom, in declaration order, each winning over what came before (a dependency with the same key is replaced where it
/// stands, a new one appended). Applied to each pom of a parent chain as it is read, so a parent's profiles act on the
/// parent, which is how Maven's inheritance passes on their effect without inheriting the profiles.
/// </summary>
internal static class MavenProfiles
{
    /// <summary>
    /// The pom with its active profiles merged in (the same element when none is active). Conditions of one activation
    /// must all hold (Maven 3.2.2 on); <c>activeByDefault</c> ones count only when no other profile of the pom is active.
    /// </summary>
    public static XElement Apply(XElement project, string pomPath, MavenActivation activation)
    {
        var profiles = MavenPom.Child(project, "profiles")?.Elements().Where(element => element.Name.LocalName == "profile").ToList() ?? [];
        if (profiles.Count == 0)
        {
            return project;
        }

        var directory = Path.GetDirectoryName(pomPath)!;
        var active = profiles.Where(profile => MavenPom.Child(profile, "activation") is { } conditions && Activated(conditions, directory, activation)).ToList();
        if (active.Count == 0)
        {
            active = profiles.Where(profile => MavenPom.Child(profile, "activation") is { } conditions
                && string.Equals(MavenPom.Child(conditions, "activeByDefault")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase)).ToList();
        }

        if (active.Count == 0)
        {
            return project;
        }

        var merged = new XElement(project);
        foreach (var profile in active)
        {
            var properties = Section(merged, "properties");
            foreach (var property in MavenPom.Child(profile, "properties")?.Elements() ?? [])
            {
                // Appended after the pom's own: the properties are read in order, the last value winning.
                properties.Add(new XElement(property));
            }

            Merge(MavenPom.Child(profile, "dependencies"), () => Section(merged, "dependencies"));
            Merge(MavenPom.Child(MavenPom.Child(profile, "dependencyManagement"), "dependencies"),
                () => Section(Section(merged, "dependencyManagement"), "dependencies"));
        }

        return merged;
    }

    static void Merge(XElement? from, Func<XElement> into)
    {
        if (from is null)
        {
            return;
        }

        var target = into();
        foreach (var dependency in from.Elements().Where(element => element.Name.LocalName == "dependency"))
        {
            var same = target.Elements().FirstOrDefault(existing => existing.Name.LocalName == "dependency" && Key(existing) == Key(dependency));
            if (same is null)
            {
                target.Add(new XElement(dependency));
            }
            else
            {
                same.ReplaceWith(new XElement(dependency));
            }
        }
    }

    static string Key(XElement dependency) => string.Join(':', ((string[])["groupId", "artifactId", "type", "classifier"])
        .Select(name => MavenPom.Child(dependency, name)?.Value.Trim() ?? (name == "type" ? "jar" : string.Empty)));

    /// <summary>The child section, created (in the pom's namespace) when the pom has none.</summary>
    static XElement Section(XElement parent, string name)
    {
        if (MavenPom.Child(parent, name) is { } existing)
        {
            return existing;
        }

        var created = new XElement(parent.Name.Namespace + name);
        parent.Add(created);
        return created;
    }

    static bool Activated(XElement activation, string directory, MavenActivation machine)
    {
        var conditions = 0;
        foreach (var condition in activation.Elements())
        {
            var holds = condition.Name.LocalName switch
            {
                "jdk" => Jdk(condition.Value.Trim(), machine.JdkVersion),
                "os" => Os(condition, machine),
                "property" => Property(condition, machine),
                "file" => File(condition, directory),
                _ => (bool?)null,
            };
            if (holds is null)
            {
                // activeByDefault, or a condition Maven does not know: neither activates the profile by itself.
                continue;
            }

            if (holds == false)
            {
                return false;
            }

            conditions++;
        }

        return conditions > 0;
    }

    /// <summary>A prefix of the JDK's version (<c>17</c>, <c>1.8</c>), a range of it (<c>[11,)</c>), either negated with <c>!</c>.</summary>
    internal static bool Jdk(string condition, string? version)
    {
        if (version is null || condition.Length == 0)
        {
            return false;
        }

        var negated = condition.StartsWith('!');
        var text = negated ? condition[1..] : condition;
        var holds = VersionRange.Parse(text) is { } range ? range.Contains(version) : version.StartsWith(text, StringComparison.Ordinal);
        return holds != negated;
    }

    static bool Os(XElement condition, MavenActivation machine)
    {
        static bool Matches(string? wanted, Func<string, bool> test) => wanted is not { Length: > 0 }
            || (wanted.StartsWith('!') ? !test(wanted[1..]) : test(wanted));

        return Matches(MavenPom.Child(condition, "name")?.Value.Trim(), name => string.Equals(name, machine.OsName, StringComparison.OrdinalIgnoreCase))
               && Matches(MavenPom.Child(condition, "family")?.Value.Trim(), family => machine.OsFamilies.Contains(family.ToLowerInvariant()))
               && Matches(MavenPom.Child(condition, "arch")?.Value.Trim(), arch => string.Equals(arch, machine.OsArch, StringComparison.OrdinalIgnoreCase))
               && Matches(MavenPom.Child(condition, "version")?.Value.Trim(), version => string.Equals(version, machine.OsVersion, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Maven's property activation against the only properties there are here: <c>env.X</c> from the environment (no
    /// <c>-D</c> is given, so every other name is absent and <c>!name</c> holds).
    /// </summary>
    static bool Property(XElement condition, MavenActivation machine)
    {
        var name = MavenPom.Child(condition, "name")?.Value.Trim() ?? string.Empty;
        var negatedName = name.StartsWith('!');
        if (negatedName)
        {
            name = name[1..];
        }

        if (name.Length == 0)
        {
            return false;
        }

        var actual = name.StartsWith("env.", StringComparison.Ordinal) ? machine.Environment(name[4..]) : null;
        if (MavenPom.Child(condition, "value")?.Value.Trim() is { Length: > 0 } value)
        {
            var negatedValue = value.StartsWith('!');
            var equal = string.Equals(negatedValue ? value[1..] : value, actual, StringComparison.Ordinal);
            return equal != negatedValue;
        }

        return string.IsNullOrEmpty(actual) == negatedName;
    }

    /// <summary><c>&lt;exists&gt;</c> or <c>&lt;missing&gt;</c>, relative to the pom's directory (<c>${basedir}</c> expanded).</summary>
    static bool File(XElement condition, string directory)
    {
        string? Path(string name) => MavenPom.Child(condition, name)?.Value.Trim() is { Length: > 0 } text
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, text.Replace("${project.basedir}", directory, StringComparison.Ordinal).Replace("${basedir}", directory, StringComparison.Ordinal)))
            : null;
        static bool There(string path) => System.IO.File.Exists(path) || Directory.Exists(path);

        if (Path("exists") is { } exists)
        {
            return There(exists);
        }

        return Path("missing") is { } missing && !There(missing);
    }
}
