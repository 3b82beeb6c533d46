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
}
