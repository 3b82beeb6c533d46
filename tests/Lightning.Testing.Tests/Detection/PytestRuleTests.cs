using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class PytestRuleTests
{
    [Fact]
    public async Task Detect_PytestIni_ReadsTestPathsAndCountsOnlyTestFiles()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Pytest(workspace, "repo");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Framework.ShouldBe(TestFramework.Pytest);
        project.Name.ShouldBe("pytest");
        project.Root.ShouldBe(".");
        project.Language.ShouldBe("Python");
        project.Supported.ShouldBeTrue();
        project.Evidence.ShouldContain(new DetectionEvidence("pytest.ini", "pytest configuration file"));
        project.Evidence.ShouldContain(new DetectionEvidence("tests/test_calc.py", "a test file by pytest's naming"));
        project.TestFileGlobs.ShouldBe(["tests/**/test_*.py", "tests/**/*_test.py"]);
        project.TestFileCount.ShouldBe(1);
        project.Command.ShouldBe(["python3", "-m", "pytest"]);
        project.Preparation.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.pytest.ini_options]\naddopts = \"-q\"\n", "has a [tool.pytest.ini_options] section")]
    [InlineData("setup.cfg", "[metadata]\nname = x\n\n[tool:pytest]\naddopts = -q\n", "has a [tool:pytest] section")]
    [InlineData("tox.ini", "[tox]\nenvlist = py3\n\n[pytest]\naddopts = -q\n", "has a [pytest] section")]
    [InlineData("requirements-dev.txt", "black\npytest==7.2\n", "lists pytest as a dependency")]
    [InlineData("pyproject.toml", "[project.optional-dependencies]\ntest = [\"pytest-cov\"]\n", "lists pytest as a dependency")]
    public async Task Detect_ConfigurationOrDependency_IsEvidence(string file, string content, string reason)
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write($"repo/svc/{file}", content).Write("repo/svc/app.py", "x = 1\n");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.Root.ShouldBe("svc");
        project.Evidence.ShouldBe([new DetectionEvidence($"svc/{file}", reason)]);
        project.TestFileCount.ShouldBe(0);
    }

    [Fact]
    public async Task Detect_PythonFilesWithoutPytestSigns_FindsNothing()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"requests\"]\n").Write("repo/app.py").Write("repo/testing_utils.py");

        (await workspace.DetectAsync()).Projects.ShouldBeEmpty();
    }

    [Fact]
    public async Task Detect_ConftestAndTestFilesWithoutConfiguration_ProjectIsTheNearestPythonProject()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/services/api/setup.py", "from setuptools import setup\nsetup(name='api')\n")
            .Write("repo/services/api/tests/conftest.py", "import pytest\n")
            .Write("repo/services/api/tests/unit/test_routes.py", "def test_x(): pass\n")
            .Write("repo/services/api/tests/unit/models_test.py", "def test_y(): pass\n")
            .Write("repo/tools/test_lint.py", "def test_z(): pass\n");

        var projects = (await workspace.DetectAsync()).Projects;

        projects.Select(project => project.Root).ShouldBe([".", "services/api"]);
        var api = projects[1];
        api.TestFileCount.ShouldBe(2);
        api.Evidence.ShouldContain(new DetectionEvidence("services/api/tests/conftest.py", "pytest fixtures (conftest.py)"));
        api.Evidence.ShouldContain(new DetectionEvidence("services/api/tests/unit/models_test.py", "one of 2 test files by pytest's naming"));
        projects[0].TestFileCount.ShouldBe(1);
    }

    [Fact]
    public async Task Detect_PythonFilesSetting_ChangesGlobsAndCount()
    {
        using var workspace = new FixtureWorkspace();
        workspace
            .Write("repo/pyproject.toml", "[tool.pytest.ini_options]\npython_files = [\"check_*.py\"]\ntestpaths = [\"checks\"]\n")
            .Write("repo/checks/check_one.py").Write("repo/checks/deep/check_two.py").Write("repo/checks/test_ignored.py").Write("repo/check_outside.py");

        var project = (await workspace.DetectAsync()).Projects.ShouldHaveSingleItem();

        project.TestFileGlobs.ShouldBe(["checks/**/check_*.py"]);
        project.TestFileCount.ShouldBe(2);
    }
}
