using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class DotnetRuleTests
{
    [Fact]
    public async Task Detect_XunitProject_ReportsVariantTestFilesAndCommand()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Xunit(workspace, "repo/tests/Calc.Tests");
        workspace.Write("repo/src/Calc/Calc.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />").Write("repo/src/Calc/Calc.cs", "public class Calc { }\n");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.DotnetTest);
        project.Root.ShouldBe("tests/Calc.Tests");
        project.Variant.ShouldBe("xunit");
        project.Language.ShouldBe("C#");
        project.Evidence.ShouldBe(
        [
            new DetectionEvidence("tests/Calc.Tests/Calc.Tests.csproj", "references xunit"),
        ]);
        project.TestFileGlobs.ShouldBe(["**/*.cs"]);
        project.TestFileCount.ShouldBe(1);
        project.Command.ShouldBe(["dotnet", "test", "Calc.Tests.csproj"]);
    }

    [Theory]
    [InlineData("<PackageReference Include=\"xunit.v3\" Version=\"3.0.0\" />", "xunit.v3", "references xunit.v3")]
    [InlineData("<PackageReference Include=\"NUnit\" Version=\"4.2.2\" />", "nunit", "references NUnit")]
    [InlineData("<PackageReference Include=\"MSTest.TestFramework\" Version=\"3.6.0\" />", "mstest", "references MSTest.TestFramework")]
    public async Task Detect_EachFramework_IsTheVariant(string reference, string variant, string reason)
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/X.csproj", $"<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>{reference}</ItemGroup></Project>");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Variant.ShouldBe(variant);
        project.Evidence.ShouldBe([new DetectionEvidence("X.csproj", reason)]);
    }

    [Fact]
    public async Task Detect_MstestSdkAndIsTestProject_AreEvidence()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/a/A.csproj", "<Project Sdk=\"MSTest.Sdk/3.6.0\"></Project>")
            .Write("repo/b/B.fsproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><IsTestProject>true</IsTestProject></PropertyGroup></Project>")
            .Write("repo/b/Tests.fs", "[<Fact>]\nlet ``adds`` () = ()\n");

        var projects = (await workspace.DetectAsync()).Projects;

        projects.Select(project => (project.Root, project.Variant, project.Language)).ShouldBe([("a", "mstest", "C#"), ("b", null, "F#")]);
        projects[0].Evidence.ShouldBe([new DetectionEvidence("a/A.csproj", "references MSTest.Sdk")]);
        projects[0].Command.ShouldBe(["dotnet", "test", "A.csproj", "-p:UseVSTest=true"]);
        projects[1].Evidence.ShouldBe([new DetectionEvidence("b/B.fsproj", "sets IsTestProject")]);
        projects[1].TestFileCount.ShouldBe(1);
    }

    [Fact]
    public async Task Detect_PackagesFromDirectoryBuildProps_CountForTestNamedProjectsOnly_AndGlobalJsonSelectsProjectOption()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/global.json", """{ "sdk": { "version": "10.0.100" }, "test": { "runner": "Microsoft.Testing.Platform" } }""")
            .Write("repo/tests/Directory.Build.props", "<Project><ItemGroup Condition=\"'$(IsTestProject)' == 'true'\"><PackageReference Include=\"xunit.v3\" /></ItemGroup></Project>")
            .Write("repo/tests/App.Tests/App.Tests.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />")
            .Write("repo/tests/TestUtilities/TestUtilities.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />")
            .Write("repo/src/App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("tests/App.Tests");
        project.Variant.ShouldBe("xunit.v3");
        project.Evidence.ShouldBe([new DetectionEvidence("tests/Directory.Build.props", "references xunit.v3 for App.Tests.csproj")]);
        project.Command.ShouldBe(["dotnet", "test", "--project", "App.Tests.csproj"]);
    }

    [Fact]
    public async Task Detect_TestHelperLibraryOrProjectThatOptsOut_IsNotATestProject()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/TestUtilities/TestUtilities.csproj", "<Project><ItemGroup><PackageReference Include=\"xunit.v3.assert\" /><PackageReference Include=\"xunit.v3.extensibility.core\" /></ItemGroup></Project>")
            .Write("repo/Benchmarks.Tests/Benchmarks.Tests.csproj", "<Project><PropertyGroup><IsTestProject>false</IsTestProject></PropertyGroup><ItemGroup><PackageReference Include=\"xunit\" /></ItemGroup></Project>");

        (await workspace.DetectAsync()).Projects.ShouldBeEmpty();
    }
}
