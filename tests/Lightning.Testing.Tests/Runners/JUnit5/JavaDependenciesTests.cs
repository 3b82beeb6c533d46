using Lightning.Testing.Runners.JUnit5;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Runners.JUnit5;

public sealed class JavaDependenciesTests : IDisposable
{
    readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    string Write(string path, string content = "")
    {
        var full = _temp.Combine(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    [Fact]
    public void Read_Pom_ProjectDependenciesWithPropertiesAndScopes_JUnitLeftOut()
    {
        Write("p/pom.xml", """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <version>2.1.0</version>
              <properties><guava.version>32.1.2-jre</guava.version></properties>
              <dependencyManagement><dependencies><dependency><groupId>x.managed</groupId><artifactId>bom</artifactId><version>1</version></dependency></dependencies></dependencyManagement>
              <dependencies>
                <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>${guava.version}</version></dependency>
                <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.9.2</version><scope>test</scope></dependency>
                <dependency><groupId>org.assertj</groupId><artifactId>assertj-core</artifactId><scope>test</scope></dependency>
                <dependency><groupId>com.example</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
                <dependency><groupId>com.example</groupId><artifactId>unknown</artifactId><version>${undefined}</version></dependency>
              </dependencies>
              <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin></plugins></build>
            </project>
            """);

        JavaDependencies.Read(_temp.Combine("p")).ShouldBe(
        [
            new JavaDependency("com.google.guava", "guava", "32.1.2-jre", "compile", "pom.xml"),
            new JavaDependency("org.assertj", "assertj-core", null, "test", "pom.xml"),
            new JavaDependency("com.example", "sibling", "2.1.0", "compile", "pom.xml"),
            new JavaDependency("com.example", "unknown", null, "compile", "pom.xml"),
        ]);
    }

    [Fact]
    public void Read_GradleKotlinAndGroovyNotations_LibrariesOnly()
    {
        Write("k/build.gradle.kts", """
            dependencies {
                implementation("com.google.guava:guava:32.1.2-jre")
                testImplementation(platform("org.junit:junit-bom:5.9.2"))
                testImplementation("org.junit.jupiter:junit-jupiter")
                testImplementation("org.hamcrest:hamcrest:2.2")
                testImplementation(project(":core"))
                runtimeOnly(files("libs/a.jar"))
            }
            """);
        Write("g/build.gradle", """
            dependencies {
                testImplementation group: 'org.mockito', name: 'mockito-core', version: '5.11.0'
                compileOnly 'org.projectlombok:lombok'
            }
            """);

        JavaDependencies.Read(_temp.Combine("k")).ShouldBe(
        [
            new JavaDependency("com.google.guava", "guava", "32.1.2-jre", "implementation", "build.gradle.kts"),
            new JavaDependency("org.hamcrest", "hamcrest", "2.2", "testImplementation", "build.gradle.kts"),
        ]);
        JavaDependencies.Read(_temp.Combine("g")).ShouldBe(
        [
            new JavaDependency("org.projectlombok", "lombok", null, "compileOnly", "build.gradle"),
            new JavaDependency("org.mockito", "mockito-core", "5.11.0", "testImplementation", "build.gradle"),
        ], ignoreOrder: true);
    }

    [Fact]
    public void Read_MalformedPom_NamesTheLine()
    {
        Write("bad/pom.xml", "<project>\n<dependencies>\n</project>");

        Should.Throw<InvalidOperationException>(() => JavaDependencies.Read(_temp.Combine("bad"))).Message.ShouldContain("pom.xml is not well-formed XML (line 3)");
    }

    [Fact]
    public void Resolve_MavenLayoutThenFlatDirectory_NeverAnotherVersion()
    {
        var maven = _temp.Combine("m2");
        var flat = _temp.Combine("java");
        var exact = Write("m2/org/hamcrest/hamcrest/2.2/hamcrest-2.2.jar");
        var debian = Write("m2/org/slf4j/slf4j-api/debian/slf4j-api-debian.jar");
        var flatVersioned = Write("java/guava-32.1.2-jre.jar");
        var flatAny = Write("java/commons-io.jar");
        string[] repositories = [maven, flat];

        JavaDependencies.Resolve(new JavaDependency("org.hamcrest", "hamcrest", "2.2", "test", "pom.xml"), repositories).ShouldBe(exact);
        JavaDependencies.Resolve(new JavaDependency("org.slf4j", "slf4j-api", null, "compile", "pom.xml"), repositories).ShouldBe(debian);
        JavaDependencies.Resolve(new JavaDependency("com.google.guava", "guava", "32.1.2-jre", "compile", "pom.xml"), repositories).ShouldBe(flatVersioned);
        JavaDependencies.Resolve(new JavaDependency("commons-io", "commons-io", null, "compile", "pom.xml"), repositories).ShouldBe(flatAny);
        JavaDependencies.Resolve(new JavaDependency("org.hamcrest", "hamcrest", "2.1", "test", "pom.xml"), repositories).ShouldBeNull();
        JavaDependencies.Resolve(new JavaDependency("commons-io", "commons-io", "2.11.0", "compile", "pom.xml"), repositories).ShouldBeNull();
    }

    [Fact]
    public void Read_NoBuildFile_Nothing() => JavaDependencies.Read(_temp.Path).ShouldBeEmpty();

    /// <summary>Installs group:artifact:version into the test's repository: its pom (the body inside project), and a jar unless it is a pom-only artifact.</summary>
    string Install(string coordinates, string body = "", bool jar = true)
    {
        var (group, artifact, version) = coordinates.Split(':') is [var g, var a, var v] ? (g, a, v) : throw new ArgumentException(coordinates, nameof(coordinates));
        var directory = Path.Combine(["m2", .. group.Split('.'), artifact, version]);
        Write(Path.Combine(directory, $"{artifact}-{version}.pom"), $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>
              {body}
            </project>
            """);
        return jar ? Write(Path.Combine(directory, $"{artifact}-{version}.jar")) : string.Empty;
    }

    static string Dependency(string coordinates, string extra = "")
    {
        var parts = coordinates.Split(':');
        var version = parts.Length > 2 ? $"<version>{parts[2]}</version>" : string.Empty;
        return $"<dependency><groupId>{parts[0]}</groupId><artifactId>{parts[1]}</artifactId>{version}{extra}</dependency>";
    }

    static string Dependencies(params string[] dependencies) => $"<dependencies>{string.Concat(dependencies)}</dependencies>";

    [Fact]
    public void ClassPath_Maven_TransitiveScopesOptionalExclusionsAndNearestWins()
    {
        var a = Install("x:a:1", Dependencies(
            Dependency("x:b:1"),
            Dependency("x:test-only:1", "<scope>test</scope>"),
            Dependency("x:provided:1", "<scope>provided</scope>"),
            Dependency("x:opt:1", "<optional>true</optional>"),
            Dependency("x:run:1", "<scope>runtime</scope>"),
            Dependency("x:excluded:1"),
            Dependency("org.junit.jupiter:junit-jupiter-api:5.9.2")));
        var b = Install("x:b:1", Dependencies(Dependency("x:run:2"), Dependency("x:a:1"), Dependency("x:deep:1")));
        var run = Install("x:run:1");
        Install("x:run:2");
        var deep = Install("x:deep:1", Dependencies(Dependency("x:b:1")));
        foreach (var unwanted in (string[])["x:test-only:1", "x:provided:1", "x:opt:1", "x:excluded:1"])
        {
            Install(unwanted);
        }

        Write("p/pom.xml", $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>p</groupId><artifactId>p</artifactId><version>1</version>
              {Dependencies(Dependency("x:a:1", "<scope>test</scope><exclusions><exclusion><groupId>x</groupId><artifactId>excluded</artifactId></exclusion></exclusions>"))}
            </project>
            """);

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        // Breadth first: run 1 (depth 2, via a) beats run 2 (depth 3, via b); the a <-> b and b <-> deep cycles end.
        classPath.Jars.ShouldBe([a, b, run, deep]);
        classPath.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void ClassPath_Maven_ParentsPropertiesManagementAndImportedBom()
    {
        // In the repository: a library whose dependency's version is a property of its parent, and a BOM.
        Install("x:lib-parent:1", "<packaging>pom</packaging><properties><core.version>2.0</core.version></properties>", jar: false);
        var lib = Install("x:lib:1", $"<parent><groupId>x</groupId><artifactId>lib-parent</artifactId><version>1</version></parent>{Dependencies(Dependency("x:core:${core.version}"))}");
        var core = Install("x:core:2.0");
        Install("x:core:1.0");
        var managedByRoot = Install("x:util:3");
        Install("x:util:1");
        Install("x:bom:1", $"<packaging>pom</packaging><dependencyManagement>{Dependencies(Dependency("x:lib:1"), Dependency("x:util:1"))}</dependencyManagement>", jar: false);
        Install("x:util-user:1", Dependencies(Dependency("x:util:1")));
        var utilUser = _temp.Combine("m2/x/util-user/1/util-user-1.jar");

        // In the checkout: a parent (found by relativePath) managing versions, importing the BOM, defining properties.
        Write("repo/pom.xml", $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <groupId>com.example</groupId><artifactId>parent</artifactId><version>7.0</version><packaging>pom</packaging>
              <modules><module>app</module></modules>
              <properties><util.version>3</util.version></properties>
              <dependencyManagement>{Dependencies(
                  Dependency("x:util:${util.version}"),
                  Dependency("x:util-user:1"),
                  Dependency("x:bom:1", "<type>pom</type><scope>import</scope>"))}</dependencyManagement>
            </project>
            """);
        Write("repo/app/pom.xml", $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>7.0</version></parent>
              <artifactId>app</artifactId>
              {Dependencies(Dependency("x:lib"), Dependency("x:util-user", "<scope>test</scope>"))}
            </project>
            """);

        JavaDependencies.Read(_temp.Combine("repo/app"), [_temp.Combine("m2")]).ShouldBe(
        [
            new JavaDependency("x", "lib", "1", "compile", "pom.xml"),
            new JavaDependency("x", "util-user", "1", "test", "pom.xml"),
        ]);
        var classPath = JavaDependencies.ClassPath(_temp.Combine("repo/app"), [_temp.Combine("m2")]);

        // util 3: the project's own management (the parent's) pins it over util-user's 1 and the BOM's 1.
        classPath.Jars.ShouldBe([lib, utilUser, core, managedByRoot]);
        classPath.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void ClassPath_Maven_MissingTransitiveJar_NamesItAndThePomAskingForIt()
    {
        Install("x:a:1", Dependencies(Dependency("x:gone:4")));
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("x:a:1"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        classPath.Missing.ShouldBe([new JavaDependency("x", "gone", "4", "compile", _temp.Combine("m2/x/a/1/a-1.pom"))]);
    }

    [Fact]
    public void ClassPath_Maven_MissingParentOrBomNoted_CycleIsAnError()
    {
        var found = Install("x:found:1");
        Write("p/pom.xml", $"""
            <project><parent><groupId>x</groupId><artifactId>nowhere</artifactId><version>1</version></parent><artifactId>p</artifactId>
              <dependencyManagement>{Dependencies(Dependency("x:bom:9", "<type>pom</type><scope>import</scope>"))}</dependencyManagement>
              {Dependencies(Dependency("x:found:1"), Dependency("x:versionless"))}
            </project>
            """);
        Install("x:loop:1", "<parent><groupId>x</groupId><artifactId>loop</artifactId><version>1</version></parent>");
        Write("q/pom.xml", $"""<project>{Dependencies(Dependency("x:loop:1"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        // Read without them: what can be found is, and the note tells why a version may be unknown.
        classPath.Jars.ShouldBe([found]);
        classPath.Missing.ShouldBe([new JavaDependency("x", "versionless", null, "compile", "pom.xml")]);
        classPath.Unavailable.ShouldBe(["pom.xml names the parent x:nowhere:1", "pom.xml imports the BOM x:bom:9"]);
        Should.Throw<InvalidOperationException>(() => JavaDependencies.ClassPath(_temp.Combine("q"), [_temp.Combine("m2")]))
            .Message.ShouldContain("is its own ancestor");
    }

    [Fact]
    public void ClassPath_Gradle_TransitiveHighestWinsAndPlatform()
    {
        var a = Install("x:a:1", Dependencies(Dependency("x:shared:1")));
        var b = Install("x:b:1", Dependencies(Dependency("x:c:1")));
        var c = Install("x:c:1", Dependencies(Dependency("x:shared:2")));
        Install("x:shared:1", Dependencies(Dependency("x:only-old:1")));
        Install("x:only-old:1");
        var shared2 = Install("x:shared:2");
        var managed = Install("x:managed:5");
        Install("x:platform:1", $"<packaging>pom</packaging><dependencyManagement>{Dependencies(Dependency("x:managed:5"))}</dependencyManagement>", jar: false);
        Write("g/build.gradle", """
            dependencies {
                testImplementation platform('x:platform:1')
                testImplementation 'x:a:1'
                testImplementation 'x:b:1'
                testImplementation 'x:managed'
            }
            """);

        var classPath = JavaDependencies.ClassPath(_temp.Combine("g"), [_temp.Combine("m2")]);

        // Gradle takes shared 2 although shared 1 is nearer, and shared 1's own dependency goes with it.
        classPath.Jars.ShouldBe([a, b, managed, shared2, c], ignoreOrder: true);
        classPath.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void VersionComparer_NumbersQualifiersAndMissingParts()
    {
        string[] versions = ["1.10", "1.2", "1.0-beta", "1.0", "1.0.0.1", "2"];

        versions.Order(VersionComparer.Instance).ShouldBe(["1.0-beta", "1.0", "1.0.0.1", "1.2", "1.10", "2"]);
        VersionComparer.Instance.Compare("1.0", "1.0.0").ShouldBe(0);
    }

    [Fact]
    public void ClassPath_DebianMavenRepo_RealPomsWithParentChainsAndDebianVersions()
    {
        // Debian's libmaven-resolver-java (installed with maven): maven-resolver-impl's poms, their parents
        // (maven-resolver, maven-parent, apache) and their "debian" versions, as the packages install them.
        const string repository = "/usr/share/maven-repo";
        File.Exists($"{repository}/org/apache/maven/resolver/maven-resolver-impl/debian/maven-resolver-impl-debian.pom").ShouldBeTrue("Debian's libmaven-resolver-java is not installed");
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("org.apache.maven.resolver:maven-resolver-impl:debian"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [repository]);

        classPath.Missing.ShouldBeEmpty(string.Join(", ", classPath.Missing));
        var names = classPath.Jars.Select(Path.GetFileName).ToList();
        names.ShouldContain("maven-resolver-impl-debian.jar");
        names.ShouldContain("maven-resolver-api-debian.jar");
        names.ShouldContain("maven-resolver-spi-debian.jar");
        names.ShouldContain("maven-resolver-util-debian.jar");
    }

    [Fact]
    public void ClassPath_Maven_VersionRanges_HighestOnThisMachineInside()
    {
        Install("x:lib:1.5");
        Install("x:lib:1.10-beta");
        Install("x:lib:2.0");
        Install("x:lib:1.11", jar: false);
        var exact = Install("x:exact:1.2");
        Install("x:exact:1.3");
        var union = Install("x:union:3.1");
        Install("x:union:2.5");
        var flat = Write("flat/tool-4.2.jar");
        Write("flat/tool-extras-9.jar");
        Write("flat/tool-5.0.jar");
        Write("p/pom.xml", $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0"><groupId>p</groupId><artifactId>p</artifactId><version>1</version>
              {Dependencies(Dependency("x:lib:[1.0,2.0)"), Dependency("x:exact:[1.2]"), Dependency("x:union:[1,2),[3,4)"), Dependency("x:tool:(,5.0)"))}
            </project>
            """);

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2"), _temp.Combine("flat")]);

        // 1.10-beta is above 1.5 by VersionComparer (1.11 has no jar, 2.0 is outside); tool-extras-9 is another artifact.
        classPath.Jars.ShouldBe([_temp.Combine("m2/x/lib/1.10-beta/lib-1.10-beta.jar"), exact, union, flat]);
        classPath.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void ClassPath_Maven_RangeThroughPom_FollowsTheChosenVersionsPom()
    {
        // A library asks for a range too: its transitive dependency follows the same rule.
        var lib = Install("x:lib:1.5", Dependencies(Dependency("x:dep:[2,3)")));
        Install("x:lib:0.5");
        var dep = Install("x:dep:2.7");
        Install("x:dep:3.0");
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("x:lib:[1.0,)"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        classPath.Jars.ShouldBe([lib, dep]);
    }

    [Fact]
    public void ClassPath_Maven_RangeNothingSatisfies_MissingNamesTheRange_MalformedNamesThePom()
    {
        Install("x:lib:2.0");
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("x:lib:[1.0,2.0)"))}</project>""");
        Write("q/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("x:lib:[2.0,1.0)"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        classPath.Missing.ShouldBe([new JavaDependency("x", "lib", "[1.0,2.0)", "compile", "pom.xml")]);
        classPath.Missing[0].Coordinates.ShouldBe("x:lib:[1.0,2.0)");
        Should.Throw<InvalidOperationException>(() => JavaDependencies.ClassPath(_temp.Combine("q"), [_temp.Combine("m2")]))
            .Message.ShouldStartWith("pom.xml declares x:lib [2.0,1.0): '[2.0,1.0)' is not a Maven version range");
    }

    static string Relocation(string fields) => $"<distributionManagement><relocation>{fields}</relocation></distributionManagement>";

    [Fact]
    public void ClassPath_Maven_Relocation_FollowedFieldByFieldHopByHop()
    {
        // old:lib:1 -> new-group (same artifact and version) -> renamed artifact at version 2; a message-only relocation moves nothing.
        Install("old:lib:1", Relocation("<groupId>new.group</groupId>"), jar: false);
        Install("new.group:lib:1", Relocation("<artifactId>lib-core</artifactId><version>2</version><message>renamed</message>"), jar: false);
        var core = Install("new.group:lib-core:2", Dependencies(Dependency("x:dep:1")));
        var dep = Install("x:dep:1", Relocation("<message>only a message</message>"));
        // Without a version: the highest pom there is read, and it relocates.
        Install("old:tool:1.5", Relocation("<groupId>x</groupId>"), jar: false);
        var tool = Install("x:tool:1.5");
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("old:lib:1"), Dependency("old:tool"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        classPath.Jars.ShouldBe([core, tool, dep]);
        classPath.Missing.ShouldBeEmpty();
    }

    [Fact]
    public void ClassPath_Maven_RelocationMissingOrCycle_NamedWithTheRelocatingPom()
    {
        Install("old:gone:1", Relocation("<artifactId>gone-next</artifactId>"), jar: false);
        Install("a:a:1", Relocation("<groupId>b</groupId>"), jar: false);
        Install("b:a:1", Relocation("<groupId>a</groupId>"), jar: false);
        Write("p/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("old:gone:1"))}</project>""");
        Write("q/pom.xml", $"""<project xmlns="http://maven.apache.org/POM/4.0.0">{Dependencies(Dependency("a:a:1"))}</project>""");

        var classPath = JavaDependencies.ClassPath(_temp.Combine("p"), [_temp.Combine("m2")]);

        classPath.Missing.ShouldBe([new JavaDependency("old", "gone-next", "1", "compile", $"pom.xml (relocated to it by {_temp.Combine("m2/old/gone/1/gone-1.pom")})")]);
        Should.Throw<InvalidOperationException>(() => JavaDependencies.ClassPath(_temp.Combine("q"), [_temp.Combine("m2")]))
            .Message.ShouldBe($"{_temp.Combine("m2/b/a/1/a-1.pom")} relocates b:a:1 back along its own relocations (a:a:1 -> b:a:1 -> a:a:1).");
    }
}
