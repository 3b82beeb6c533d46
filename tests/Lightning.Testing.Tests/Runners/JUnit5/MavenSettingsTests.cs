using Lightning.Testing.Runners.JUnit5;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Runners.JUnit5;

public sealed class MavenSettingsTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Home => _temp.Combine("home");

    string Write(string path, string content)
    {
        var full = _temp.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    static string Settings(string localRepository) =>
        $"""<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0"><localRepository>{localRepository}</localRepository><mirrors><mirror><url>https://repo.example</url></mirror></mirrors></settings>""";

    static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(variable => variable.Name == name).Value;

    [Fact]
    public void LocalRepository_NoSettings_TheDefault() =>
        MavenSettings.LocalRepository(Home, Environment(), _temp.Combine("none.xml")).ShouldBe(Path.Combine(Home, ".m2", "repository"));

    [Fact]
    public void LocalRepository_UserWinsOverGlobal_UserHomeAndEnvExpanded()
    {
        var global = Write("etc/settings.xml", Settings("/srv/global-repo"));
        MavenSettings.LocalRepository(Home, Environment(), global).ShouldBe("/srv/global-repo");

        Write("home/.m2/settings.xml", Settings("${user.home}/repos/${env.TEAM}"));
        MavenSettings.LocalRepository(Home, Environment(("TEAM", "blue")), global).ShouldBe(Path.Combine(Home, "repos", "blue"));
    }

    [Fact]
    public void LocalRepository_M2HomeConfBeforeDebiansGlobal_CommentedOutIgnored()
    {
        var debian = Write("etc/settings.xml", """<settings><!-- <localRepository>/path/to/local/repo</localRepository> --></settings>""");
        MavenSettings.LocalRepository(Home, Environment(), debian).ShouldBe(Path.Combine(Home, ".m2", "repository"));

        Write("maven/conf/settings.xml", Settings("/opt/m2"));
        MavenSettings.LocalRepository(Home, Environment(("M2_HOME", _temp.Combine("maven"))), debian).ShouldBe("/opt/m2");
        // A user file without <localRepository> leaves the global one in force.
        Write("home/.m2/settings.xml", "<settings><offline>true</offline></settings>");
        MavenSettings.LocalRepository(Home, Environment(("M2_HOME", _temp.Combine("maven"))), debian).ShouldBe("/opt/m2");
    }

    [Fact]
    public void LocalRepository_Malformed_NamesFileAndLine()
    {
        var user = Write("home/.m2/settings.xml", "<settings>\n<localRepository>/x</settings>");

        Should.Throw<InvalidOperationException>(() => MavenSettings.LocalRepository(Home, Environment(), _temp.Combine("none.xml")))
            .Message.ShouldStartWith($"{user} is not well-formed XML (line 2)");
    }

    [Fact]
    public void Apply_ReplacesTheDefaultLocalRepositoryOnly()
    {
        Write("home/.m2/settings.xml", Settings("/data/m2"));
        var none = _temp.Combine("none.xml");

        MavenSettings.Apply([Path.Combine(Home, ".m2", "repository") + "/", "/usr/share/maven-repo", "/usr/share/java"], Home, Environment(), none)
            .ShouldBe(["/data/m2", "/usr/share/maven-repo", "/usr/share/java"]);
        MavenSettings.Apply(["/custom", "/usr/share/java"], Home, Environment(), none).ShouldBe(["/custom", "/usr/share/java"]);
    }

    [Fact]
    public void ClassPath_JarInTheSettingsRepository_FoundThere()
    {
        Write("home/.m2/settings.xml", Settings("${user.home}/elsewhere"));
        var jar = Write("home/elsewhere/x/lib/1.0/lib-1.0.jar", string.Empty);
        Write("p/pom.xml", """<project><dependencies><dependency><groupId>x</groupId><artifactId>lib</artifactId><version>1.0</version></dependency></dependencies></project>""");
        var repositories = MavenSettings.Apply([Path.Combine(Home, ".m2", "repository")], Home, Environment(), _temp.Combine("none.xml"));

        JavaDependencies.ClassPath(_temp.Combine("p"), repositories).Jars.ShouldBe([jar]);
    }
}
