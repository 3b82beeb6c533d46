using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class PhpUnitRuleTests
{
    [Fact]
    public async Task Detect_ConfigurationFile_TakesGlobsFromItsTestSuites()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.PhpUnit(workspace, "repo");
        workspace.Write("repo/tests/Unit/ParserTest.php").Write("repo/tests/Fixtures/Sample.php").Write("repo/vendor/x/tests/VendorTest.php");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.Phpunit);
        project.Language.ShouldBe("PHP");
        project.Evidence.ShouldBe(
        [
            new DetectionEvidence("phpunit.xml", "PHPUnit configuration file"),
            new DetectionEvidence("tests/CalcTest.php", "one of 2 *Test.php files under tests/"),
        ]);
        project.TestFileGlobs.ShouldBe(["tests/**/*Test.php"]);
        project.TestFileCount.ShouldBe(2);
        // No vendor/bin/phpunit in the project: the phpunit on the PATH, which finds phpunit.xml itself.
        project.Command.ShouldBe(["phpunit"]);
    }

    [Fact]
    public async Task Detect_DistConfigurationWithSuffixAndFiles_GlobsFollowIt()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/phpunit.xml.dist", """
                <phpunit>
                  <testsuites>
                    <testsuite name="a"><directory suffix=".phpt">./checks/</directory><file>extra/SmokeCheck.php</file></testsuite>
                  </testsuites>
                </phpunit>
                """)
            .Write("repo/checks/a.phpt").Write("repo/checks/deep/b.phpt").Write("repo/extra/SmokeCheck.php").Write("repo/extra/Other.php");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.TestFileGlobs.ShouldBe(["checks/**/*.phpt", "extra/SmokeCheck.php"]);
        project.TestFileCount.ShouldBe(3);
    }

    [Fact]
    public async Task Detect_ComposerRequiringPhpUnitWithInstalledVendor_RunsTheProjectsPhpUnitThroughPhp()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/composer.json", """{ "require": { "php": ">=8.1" }, "require-dev": { "phpunit/phpunit": "^10" } }""")
            .Write("repo/vendor/bin/phpunit", "<?php\n")
            .Write("repo/tests/Feature/LoginTest.php");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Evidence.ShouldBe(
        [
            new DetectionEvidence("composer.json", "require-dev has phpunit/phpunit"),
            new DetectionEvidence("tests/Feature/LoginTest.php", "a *Test.php file under tests/"),
        ]);
        project.TestFileCount.ShouldBe(1);
        // Without a configuration file PHPUnit is told where the tests are.
        project.Command.ShouldBe(["php", "vendor/bin/phpunit", "tests"]);
    }

    [Fact]
    public async Task Detect_TestsFolderUnderComposerProject_BelongsToTheComposerProject()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/packages/http/composer.json", "{}").Write("repo/packages/http/src/tests/ClientTest.php");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("packages/http");
        project.TestFileGlobs.ShouldBe(["src/tests/**/*Test.php"]);
        project.Command.ShouldBe(["phpunit", "src/tests"]);
    }
}
