using Lightning.Testing.Runners.JUnit5;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Runners.JUnit5;

public sealed class MavenProfilesTests : IDisposable
{
    static readonly MavenActivation Linux = new("17.0.15", "linux", ["unix"], "amd64", "6.1.0", name => name == "TEAM" ? "blue" : null);

    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Write(string path, string content = "")
    {
        var full = _temp.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    static string Dependency(string coordinates, string extra = "")
    {
        var parts = coordinates.Split(':');
        var version = parts.Length > 2 ? $"<version>{parts[2]}</version>" : string.Empty;
        return $"<dependency><groupId>{parts[0]}</groupId><artifactId>{parts[1]}</artifactId>{version}{extra}</dependency>";
    }

    /// <summary>A profile adding one dependency, active under <paramref name="activation"/>.</summary>
    static string Profile(string id, string activation, string coordinates) =>
        $"<profile><id>{id}</id><activation>{activation}</activation><dependencies>{Dependency(coordinates)}</dependencies></profile>";

    List<string> Declared(string pom, MavenActivation? activation = null)
    {
        var directory = Path.GetDirectoryName(Write(pom.Split('|')[0], pom.Split('|')[1]))!;
        return JavaDependencies.Read(directory, [], activation ?? Linux).Select(dependency => dependency.Coordinates).ToList();
    }

    static string Pom(params string[] profiles) =>
        $"""<project xmlns="http://maven.apache.org/POM/4.0.0"><profiles>{string.Concat(profiles)}</profiles></project>""";

    [Fact]
    public void Read_ActiveByDefault_OnlyWhenNoOtherProfileOfThePomIsActive()
    {
        var byDefault = Profile("default", "<activeByDefault>true</activeByDefault>", "x:default:1");

        Declared("a/pom.xml|" + Pom(byDefault, Profile("off", "<property><name>release</name></property>", "x:off:1"))).ShouldBe(["x:default:1"]);
        Declared("b/pom.xml|" + Pom(byDefault, Profile("on", "<property><name>!release</name></property>", "x:on:1"))).ShouldBe(["x:on:1"]);
    }

    [Fact]
    public void Read_PropertyActivation_NoSystemPropertiesButTheEnvironment()
    {
        Declared("p/pom.xml|" + Pom(
            Profile("named", "<property><name>release</name></property>", "x:named:1"),
            Profile("absent", "<property><name>!release</name></property>", "x:absent:1"),
            Profile("valued", "<property><name>release</name><value>true</value></property>", "x:valued:1"),
            Profile("not-valued", "<property><name>release</name><value>!true</value></property>", "x:not-valued:1"),
            Profile("env", "<property><name>env.TEAM</name><value>blue</value></property>", "x:env:1"),
            Profile("env-other", "<property><name>env.TEAM</name><value>red</value></property>", "x:env-other:1"),
            Profile("env-unset", "<property><name>!env.TEAM</name></property>", "x:env-unset:1")))
            .ShouldBe(["x:absent:1", "x:not-valued:1", "x:env:1"]);
    }

    [Theory]
    [InlineData("17", "17.0.15", true)]
    [InlineData("1.8", "17.0.15", false)]
    [InlineData("!1.8", "17.0.15", true)]
    [InlineData("[11,)", "17.0.15", true)]
    [InlineData("[1.8,11)", "17.0.15", false)]
    [InlineData("![1.8,11)", "17.0.15", true)]
    [InlineData("1.8", "1.8.0_392", true)]
    [InlineData("17", null, false)]
    public void Jdk_PrefixRangeAndNegation(string condition, string? version, bool expected) =>
        MavenProfiles.Jdk(condition, version).ShouldBe(expected);

    [Fact]
    public void Read_JdkOsAndFileActivation_AllConditionsMustHold()
    {
        Write("p/marker.txt");
        Declared("p/pom.xml|" + Pom(
            Profile("jdk", "<jdk>[11,)</jdk>", "x:jdk:1"),
            Profile("old-jdk", "<jdk>1.8</jdk>", "x:old-jdk:1"),
            Profile("unix", "<os><family>unix</family><name>Linux</name><arch>amd64</arch></os>", "x:unix:1"),
            Profile("not-windows", "<os><family>!windows</family></os>", "x:not-windows:1"),
            Profile("arm", "<os><arch>aarch64</arch></os>", "x:arm:1"),
            Profile("exists", "<file><exists>${basedir}/marker.txt</exists></file>", "x:exists:1"),
            Profile("missing", "<file><missing>target/generated</missing></file>", "x:missing:1"),
            Profile("not-missing", "<file><missing>marker.txt</missing></file>", "x:not-missing:1"),
            Profile("both", "<jdk>17</jdk><os><family>unix</family></os>", "x:both:1"),
            Profile("half", "<jdk>17</jdk><os><family>mac</family></os>", "x:half:1")))
            .ShouldBe(["x:jdk:1", "x:unix:1", "x:not-windows:1", "x:exists:1", "x:missing:1", "x:both:1"]);
    }

    [Fact]
    public void Read_ProfilesMergedAsMavenDoes_PropertiesOverriddenDependenciesReplacedInPlaceManagementMerged()
    {
        Declared("p/pom.xml|" + """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <properties><lib.version>1.0</lib.version></properties>
              <dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>managed</artifactId><version>1</version></dependency></dependencies></dependencyManagement>
              <dependencies>
                <dependency><groupId>x</groupId><artifactId>first</artifactId><version>1</version></dependency>
                <dependency><groupId>x</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
                <dependency><groupId>x</groupId><artifactId>managed</artifactId></dependency>
                <dependency><groupId>x</groupId><artifactId>other</artifactId></dependency>
              </dependencies>
              <profiles>
                <profile><id>a</id><activation><activeByDefault>true</activeByDefault></activation>
                  <properties><lib.version>2.0</lib.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>x</groupId><artifactId>managed</artifactId><version>3</version></dependency>
                    <dependency><groupId>x</groupId><artifactId>other</artifactId><version>4</version></dependency>
                  </dependencies></dependencyManagement>
                  <dependencies><dependency><groupId>x</groupId><artifactId>first</artifactId><version>5</version></dependency>
                    <dependency><groupId>x</groupId><artifactId>added</artifactId><version>6</version></dependency></dependencies>
                </profile>
              </profiles>
            </project>
            """).ShouldBe(["x:first:5", "x:lib:2.0", "x:managed:3", "x:other:4", "x:added:6"]);
    }

    [Fact]
    public void ClassPath_ParentsProfilesActWhileReadingTheParent()
    {
        // The parent's profile is active by a file beside the parent only; the child's own by a file beside the child only.
        Write("repo/parent-marker");
        Write("repo/app/app-marker");
        Write("repo/pom.xml", """
            <project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>g</groupId><artifactId>parent</artifactId><version>1</version>
              <profiles><profile><id>p</id><activation><file><exists>parent-marker</exists></file></activation>
                <properties><lib.version>2</lib.version></properties>
                <dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>managed</artifactId><version>7</version></dependency></dependencies></dependencyManagement>
              </profile>
              <profile><id>never</id><activation><file><exists>app-marker</exists></file></activation><properties><lib.version>9</lib.version></properties></profile></profiles>
            </project>
            """);
        Write("repo/app/pom.xml", """
            <project xmlns="http://maven.apache.org/POM/4.0.0"><parent><groupId>g</groupId><artifactId>parent</artifactId><version>1</version></parent>
              <artifactId>app</artifactId>
              <dependencies>
                <dependency><groupId>x</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
                <dependency><groupId>x</groupId><artifactId>managed</artifactId></dependency>
              </dependencies>
              <profiles><profile><id>own</id><activation><file><exists>app-marker</exists></file></activation><dependencies>
                <dependency><groupId>x</groupId><artifactId>own</artifactId><version>1</version></dependency></dependencies></profile></profiles>
            </project>
            """);
        var lib = Write("m2/x/lib/2/lib-2.jar");
        var managed = Write("m2/x/managed/7/managed-7.jar");
        var own = Write("m2/x/own/1/own-1.jar");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("repo/app"), [_temp.Combine("m2")], Linux);

        classPath.Jars.ShouldBe([lib, managed, own]);
        classPath.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void ClassPath_RepositoryPomsProfiles_ApplyToTheLibrarysDependencies()
    {
        Write("m2/x/lib/1/lib-1.pom", $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>x</groupId><artifactId>lib</artifactId><version>1</version>
              <profiles>{Profile("java9", "<jdk>[9,)</jdk>", "x:modern:1")}{Profile("java8", "<jdk>1.8</jdk>", "x:legacy:1")}</profiles>
            </project>
            """);
        var lib = Write("m2/x/lib/1/lib-1.jar");
        var modern = Write("m2/x/modern/1/modern-1.jar");
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0"><dependencies>{Dependency("x:lib:1")}</dependencies></project>""");

        JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")], Linux).Jars.ShouldBe([lib, modern]);
        // Without a known JDK no <jdk> profile is active.
        JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")], Linux with { JdkVersion = null }).Jars.ShouldBe([lib]);
    }
}
