using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class RspecRuleTests
{
    [Fact]
    public async Task Detect_DotRspecAndSpecFiles_OneProject()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Rspec(workspace, "repo");
        workspace.Write("repo/spec/models/user_spec.rb").Write("repo/spec/spec_helper.rb");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.Rspec);
        project.Language.ShouldBe("Ruby");
        project.Evidence.ShouldBe(
        [
            new DetectionEvidence(".rspec", "RSpec options file"),
            new DetectionEvidence("spec/calc_spec.rb", "one of 2 *_spec.rb files under spec/"),
        ]);
        project.TestFileGlobs.ShouldBe(["spec/**/*_spec.rb"]);
        project.TestFileCount.ShouldBe(2);
        project.Command.ShouldBe(["rspec"]);
    }

    [Fact]
    public async Task Detect_GemfileWithRspec_IsEvidence_AndAGemfileWithoutItIsNot()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/api/Gemfile", "source 'https://rubygems.org'\n\ngroup :test do\n  gem \"rspec-rails\", \"~> 6.0\"\nend\n")
            .Write("repo/web/Gemfile", "gem 'rails'\ngem 'minitest'\n");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("api");
        project.Evidence.ShouldBe([new DetectionEvidence("api/Gemfile", "includes the rspec gem")]);
    }

    [Fact]
    public async Task Detect_SpecFilesInSubproject_ProjectIsTheSpecFoldersParent()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/gems/parser/spec/lexer_spec.rb").Write("repo/gems/parser/lib/lexer.rb");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("gems/parser");
        project.TestFileCount.ShouldBe(1);
    }
}
