using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Agents.Tools;
using Lightning.Agents.Tools.RepositoryAnalysis;
using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Lightning.TestUtilities;

namespace Lightning.Agents.Tests.Tools;

public sealed class RepositoryAnalysisToolTests
{
    const string Agent = "full-stack-developer";

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_MixedRepository_ReportsLanguagesFrameworksAndCommands()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var repo = Path.Combine(WorkspaceRoot(host), "repo");
        Write(repo, "py/pyproject.toml", "[project]\nname = \"app\"\n\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n");
        Write(repo, "py/requirements.txt", "requests==2.32.0\npytest==8.3.2\n");
        Write(repo, "py/app.py", Lines(60));
        Write(repo, "py/tests/conftest.py", "import sys\n");
        Write(repo, "py/tests/test_app.py", "def test_app():\n    assert True\n");
        Write(repo, "py/__pycache__/app.cpython-311.py", Lines(500));
        Write(repo, "web/package.json", """{ "name": "web", "scripts": { "test": "jest --ci" }, "devDependencies": { "jest": "^29.7.0" } }""");
        Write(repo, "web/index.js", Lines(25));
        Write(repo, "web/node_modules/left-pad/index.js", Lines(900));
        Write(repo, "svc/go.mod", "module example.com/svc\n\ngo 1.22\n");
        Write(repo, "svc/main.go", Lines(15));
        Write(repo, "svc/main_test.go", Lines(5));
        Write(repo, "dotnet/App.slnx", "<Solution>\n  <Project Path=\"App.Tests/App.Tests.csproj\" />\n</Solution>\n");
        Write(repo, "dotnet/App.Tests/App.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="17.12.0" />
                <PackageReference Include="xunit.v3" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        Write(repo, "dotnet/App.Tests/UnitTest1.cs", Lines(12));
        Write(repo, "dotnet/App.Tests/obj/Generated.cs", Lines(700));
        Write(repo, "Dockerfile", "FROM alpine:3.20\nCMD [\"true\"]\n");
        Write(repo, "compose.yaml", "services:\n  app:\n    build: .\n");
        Write(repo, ".github/workflows/ci.yml", "on: push\n");

        var report = await AnalyseAsync(host, new { path = "repo" });

        report.Path.ShouldBe("repo");
        report.Languages.Select(l => l.Language).ShouldBe(["Python", "JavaScript", "Go", "C#", "Dockerfile"]);
        report.Languages.Select(l => l.Lines).ShouldBeInOrder(SortDirection.Descending);
        report.Languages.Single(l => l.Language == "Python").ShouldBe(new LanguageSummary("Python", 3, 63));
        report.Languages.Single(l => l.Language == "JavaScript").ShouldBe(new LanguageSummary("JavaScript", 1, 25));
        report.Languages.Single(l => l.Language == "Go").ShouldBe(new LanguageSummary("Go", 2, 20));
        report.Languages.Single(l => l.Language == "C#").ShouldBe(new LanguageSummary("C#", 1, 12));
        report.PrimaryLanguage.ShouldBe("Python");

        var frameworks = report.TestFrameworks.ToDictionary(f => f.Name);
        frameworks.Keys.ShouldBe(["jest", "go-test", "pytest", "xunit"], ignoreOrder: true);
        frameworks["pytest"].WorkingDirectory.ShouldBe("py");
        frameworks["pytest"].Command.ShouldBe(["python3", "-m", "pytest", "-q"]);
        frameworks["pytest"].Evidence.ShouldContain("py/requirements.txt lists pytest");
        frameworks["pytest"].Evidence.ShouldContain("py/pyproject.toml mentions pytest");
        frameworks["pytest"].Evidence.ShouldContain("py/tests/conftest.py");
        frameworks["pytest"].Evidence.ShouldContain("1 test_*.py or *_test.py file: py/tests/test_app.py");
        frameworks["jest"].WorkingDirectory.ShouldBe("web");
        frameworks["jest"].Command.ShouldBe(["npm", "test"]);
        frameworks["jest"].Evidence.ShouldBe(["web/package.json depends on jest", "web/package.json scripts.test runs jest"]);
        frameworks["go-test"].WorkingDirectory.ShouldBe("svc");
        frameworks["go-test"].Command.ShouldBe(["go", "test", "./..."]);
        frameworks["go-test"].Evidence.ShouldBe(["svc/go.mod", "1 *_test.go file: svc/main_test.go"]);
        frameworks["xunit"].WorkingDirectory.ShouldBe("dotnet/App.Tests");
        frameworks["xunit"].Command.ShouldBe(["dotnet", "test"]);
        frameworks["xunit"].Evidence.ShouldContain("dotnet/App.Tests/App.Tests.csproj references xunit.v3");

        report.Manifests.ShouldBe(
        [
            new ManifestFile(".github/workflows/ci.yml", "ci"),
            new ManifestFile("Dockerfile", "docker"),
            new ManifestFile("compose.yaml", "compose"),
            new ManifestFile("dotnet/App.Tests/App.Tests.csproj", "dotnet"),
            new ManifestFile("dotnet/App.slnx", "dotnet"),
            new ManifestFile("py/pyproject.toml", "python"),
            new ManifestFile("py/requirements.txt", "python"),
            new ManifestFile("svc/go.mod", "go"),
            new ManifestFile("web/package.json", "npm"),
        ]);
        report.Container.HasDockerfile.ShouldBeTrue();
        report.Container.Dockerfiles.ShouldBe(["Dockerfile"]);
        report.Container.ComposeFiles.ShouldBe(["compose.yaml"]);
        report.Ci.ShouldBe([new CiFile(".github/workflows/ci.yml", "github-actions")]);
        report.Git.ShouldBe(new GitSummary(false));
        report.Totals.Files.ShouldBe(16);
        report.Truncated.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_OtherEcosystems_SuggestTheirOwnCommands()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var root = WorkspaceRoot(host);
        Write(root, "java/pom.xml", "<project><dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId></dependency></dependencies></project>");
        Write(root, "java/src/test/java/AppTest.java", "class AppTest {}\n");
        Write(root, "ruby/Gemfile", "source \"https://rubygems.org\"\ngem \"rspec\", \"~> 3.13\"\n");
        Write(root, "ruby/spec/app_spec.rb", "RSpec.describe 'app' do\nend\n");
        Write(root, "php/composer.json", """{ "require-dev": { "phpunit/phpunit": "^11.0" } }""");
        Write(root, "ui/package.json", """{ "devDependencies": { "vitest": "^2.0.0" }, "scripts": { "test": "echo \"Error: no test specified\" && exit 1" } }""");
        Write(root, "api/package.json", """{ "devDependencies": { "mocha": "^10.0.0" }, "scripts": { "test": "mocha" } }""");
        Write(root, "api/pnpm-lock.yaml", "lockfileVersion: '9.0'\n");

        var report = await AnalyseAsync(host, new { });

        report.Path.ShouldBe(".");
        var frameworks = report.TestFrameworks.ToDictionary(f => f.Name);
        frameworks.Keys.ShouldBe(["mocha", "junit", "phpunit", "rspec", "vitest"], ignoreOrder: true);
        frameworks["junit"].ShouldSatisfyAllConditions(
            f => f.WorkingDirectory.ShouldBe("java"),
            f => f.Command.ShouldBe(["mvn", "-q", "test"]),
            f => f.Evidence.ShouldBe(["java/pom.xml depends on JUnit", "java/src/test/java/"]));
        frameworks["rspec"].WorkingDirectory.ShouldBe("ruby");
        frameworks["rspec"].Command.ShouldBe(["bundle", "exec", "rspec"]);
        frameworks["rspec"].Evidence.ShouldContain("ruby/Gemfile includes rspec");
        frameworks["phpunit"].Command.ShouldBe(["vendor/bin/phpunit"]);
        frameworks["phpunit"].Evidence.ShouldBe(["php/composer.json requires phpunit/phpunit"]);
        frameworks["vitest"].Command.ShouldBe(["npx", "vitest", "run"]);
        frameworks["mocha"].WorkingDirectory.ShouldBe("api");
        frameworks["mocha"].Command.ShouldBe(["pnpm", "test"]);
        report.Container.HasDockerfile.ShouldBeFalse();
        report.Git.IsRepository.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_MoreFilesThanMaxFiles_StopsAndSaysTruncated()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var root = WorkspaceRoot(host);
        for (var i = 0; i < 5; i++)
        {
            Write(root, $"src/file{i}.py", "x = 1\n");
        }

        var report = await AnalyseAsync(host, new { maxFiles = 3 });

        report.Truncated.ShouldBeTrue();
        report.Totals.ShouldBe(new RepositoryTotals(3, 3, 18));
        report.Languages.ShouldBe([new LanguageSummary("Python", 3, 3)]);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../")]
    [InlineData("../other-agent")]
    [InlineData("repo/../../..")]
    [InlineData("/etc")]
    public async Task RunAsync_PathOutsideTheWorkspace_IsRefused(string path)
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        Directory.CreateDirectory(Path.Combine(WorkspaceRoot(host), "repo"));

        var result = await RunAsync(host, new { path });

        result.Succeeded.ShouldBeFalse();
        result.Retryable.ShouldBeFalse();
        result.Error!.ShouldContain("is rejected");
        result.Error!.ShouldContain("outside the workspace");
    }

    [Fact]
    public async Task RunAsync_SymlinkLeadingOutside_IsRefusedAndNeverFollowed()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        using var outside = new TempDirectory();
        Write(outside.Path, "secret.py", Lines(100));
        Write(outside.Path, "nested/more.py", Lines(100));
        var root = WorkspaceRoot(host);
        Write(root, "repo/main.py", Lines(3));
        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(root, "repo", "linked-dir"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(root, "repo", "linked.py"), Path.Combine(outside.Path, "secret.py"));

        var direct = await RunAsync(host, new { path = "escape" });
        var through = await RunAsync(host, new { path = "escape/nested" });
        var walked = await AnalyseAsync(host, new { path = "repo" });

        direct.Succeeded.ShouldBeFalse();
        direct.Error!.ShouldContain("symbolic link");
        through.Succeeded.ShouldBeFalse();
        through.Error!.ShouldContain("symbolic link");
        walked.Totals.ShouldBe(new RepositoryTotals(1, 3, new FileInfo(Path.Combine(root, "repo", "main.py")).Length));
        walked.Languages.ShouldBe([new LanguageSummary("Python", 1, 3)]);
    }

    [Fact]
    public async Task RunAsync_MissingDirectoryOrFile_FailsClearly()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        Write(WorkspaceRoot(host), "notes.txt", "hello\n");

        var missing = await RunAsync(host, new { path = "nope" });
        var file = await RunAsync(host, new { path = "notes.txt" });

        missing.Succeeded.ShouldBeFalse();
        missing.Error.ShouldBe($"Directory 'nope' does not exist in the workspace of agent '{Agent}'.");
        file.Succeeded.ShouldBeFalse();
        file.Error.ShouldBe("'notes.txt' is a file, not a directory.");
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{ "path": 3 }""", "'path' must be a string.")]
    [InlineData("""{ "path": " " }""", "'path' must not be empty")]
    [InlineData("""{ "maxFiles": 0 }""", "'maxFiles' must be between 1 and 1,000,000.")]
    [InlineData("""{ "maxFiles": 1000001 }""", "'maxFiles' must be between 1 and 1,000,000.")]
    [InlineData("""{ "maxFiles": "ten" }""", "'maxFiles' must be a whole number.")]
    public async Task Validate_BadInput_SaysWhat(string input, string expected)
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var tool = Tool(host);
        using var json = JsonDocument.Parse(input);

        tool.Validate(json.RootElement).ShouldHaveSingleItem().ShouldContain(expected);
        var result = await tool.RunAsync(Call(json.RootElement), Token);
        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldContain(expected);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "path": "src", "maxFiles": 1 }""")]
    [InlineData("""{ "path": null, "maxFiles": 1000000 }""")]
    public async Task Validate_GoodInput_HasNoErrors(string input)
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        using var json = JsonDocument.Parse(input);

        Tool(host).Validate(json.RootElement).ShouldBeEmpty();
    }

    [Fact]
    public async Task Catalog_HasTheToolUnderItsCapability()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);

        var tool = host.Get<ToolCatalog>().Get("repository-analysis");

        tool.ShouldBeOfType<RepositoryAnalysisTool>();
        tool.Capability.ShouldBe("repository-analysis");
    }

    [Fact]
    public async Task RunAsync_GitRepository_ReportsBranchAndHeadCommit()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var repo = Path.Combine(WorkspaceRoot(host), "repo");
        Write(repo, "README.md", "# demo\n");
        await RequireAsync(host, "git", "git", ["--version"]);
        await GitAsync(host, repo, "init", "--quiet", "-b", "trunk");
        await GitAsync(host, repo, "add", "README.md");
        await GitAsync(host, repo, "-c", "user.name=Tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", "first");
        var head = (await GitAsync(host, repo, "rev-parse", "HEAD")).Trim();

        var report = await AnalyseAsync(host, new { path = "repo" });

        report.Git.ShouldBe(new GitSummary(true, "trunk", head));
        report.Totals.Files.ShouldBe(1); // .git is not walked
    }

    [Fact]
    public async Task RunAsync_GitRepositoryWithoutCommits_ReportsBranchOnly()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var repo = Path.Combine(WorkspaceRoot(host), "repo");
        Directory.CreateDirectory(repo);
        await RequireAsync(host, "git", "git", ["--version"]);
        await GitAsync(host, repo, "init", "--quiet", "-b", "main");

        var report = await AnalyseAsync(host, new { path = "repo" });

        report.Git.ShouldBe(new GitSummary(true, "main", null));
    }

    [Fact]
    public async Task RunAsync_PytestProject_SuggestedCommandPasses()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        var root = WorkspaceRoot(host);
        Write(root, "calc/requirements.txt", "pytest\n");
        Write(root, "calc/calc.py", "def add(a, b):\n    return a + b\n");
        Write(root, "calc/tests/test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n");
        Write(root, "calc/conftest.py", "");

        var report = await AnalyseAsync(host, new { });
        var pytest = report.TestFrameworks.ShouldHaveSingleItem();
        pytest.Name.ShouldBe("pytest");
        pytest.WorkingDirectory.ShouldBe("calc");
        await RequireAsync(host, "pytest", "python3", ["-m", "pytest", "--version"]);
        var run = await host.Get<IProcessRunner>().RunAsync(
            new ProcessSpec(pytest.Command![0], [.. pytest.Command.Skip(1), "-p", "no:cacheprovider"])
            {
                WorkingDirectory = Path.Combine(root, pytest.WorkingDirectory),
                Timeout = TimeSpan.FromMinutes(2),
                Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PYTHONDONTWRITEBYTECODE"] = "1" },
            },
            null,
            Token);

        run.Succeeded.ShouldBeTrue(run.Output);
        run.Output.ShouldContain("1 passed");
    }

    static RepositoryAnalysisTool Tool(AgentsHost host) => new(host.Get<ActionExecutor>(), host.Get<IProcessRunner>());

    static string WorkspaceRoot(AgentsHost host) => host.Get<ActionExecutor>().WorkspaceOf(Agent).Root;

    static ToolCall Call(JsonElement input) => new(Agent, input, "key-1", 1, "tests");

    static Task<ToolResult> RunAsync(AgentsHost host, object input) =>
        Tool(host).RunAsync(Call(JsonSerializer.SerializeToElement(input)), Token);

    static async Task<RepositoryReport> AnalyseAsync(AgentsHost host, object input)
    {
        var result = await RunAsync(host, input);
        result.Succeeded.ShouldBeTrue(result.Error);
        return result.Output!.Value.Deserialize<RepositoryReport>(JsonSerializerOptions.Web)!;
    }

    static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    static string Lines(int count) => string.Concat(Enumerable.Range(1, count).Select(i => $"x{i} = {i}\n"));

    static async Task<string> GitAsync(AgentsHost host, string directory, params string[] arguments)
    {
        var result = await host.Get<IProcessRunner>().RunAsync(
            new ProcessSpec("git", arguments) { WorkingDirectory = directory, Timeout = TimeSpan.FromSeconds(30) }, null, Token);
        result.Succeeded.ShouldBeTrue(result.Output);
        return result.Output;
    }

    /// <summary>A program the test needs: missing skips it on a developer's machine and fails it when CI=true.</summary>
    static async Task RequireAsync(AgentsHost host, string what, string program, IReadOnlyList<string> probe)
    {
        string? why;
        try
        {
            var result = await host.Get<IProcessRunner>().RunAsync(
                new ProcessSpec(program, probe) { Timeout = TimeSpan.FromSeconds(30) }, null, Token);
            why = result.Succeeded ? null : $"`{program} {string.Join(' ', probe)}` failed: {result.Output.Trim()}";
        }
        catch (LightningException ex)
        {
            why = ex.Message;
        }

        if (why is null)
        {
            return;
        }

        var message = $"{what} is not available ({why}): install it (for pytest: `pip install pytest` or the python3-pytest package) to run this test.";
        if (TestServices.InCi)
        {
            throw new InvalidOperationException("CI=true and a required program is missing. " + message);
        }

        Assert.Skip(message);
    }
}
