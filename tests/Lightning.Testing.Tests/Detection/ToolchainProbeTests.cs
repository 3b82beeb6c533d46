using Lightning.Core.Errors;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Tests.Detection;

public sealed class ToolchainProbeTests
{
    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TestFramework.Pytest, "pytest", "python3")]
    [InlineData(TestFramework.GoTest, "go", "go")]
    [InlineData(TestFramework.Junit5, "java", "java")]
    [InlineData(TestFramework.Junit5, "javac", "javac")]
    [InlineData(TestFramework.Junit5, "JUnit Platform console launcher", "java")]
    [InlineData(TestFramework.Rspec, "rspec", "rspec")]
    [InlineData(TestFramework.Phpunit, "phpunit", "phpunit")]
    [InlineData(TestFramework.Phpunit, "php", "php")]
    [InlineData(TestFramework.DotnetTest, "dotnet", "dotnet")]
    public async Task ProbeAsync_InstalledToolchain_IsReadyWithVersions(TestFramework framework, string tool, string program)
    {
        var report = await Toolchain.Probe().ProbeAsync(framework, Cancellation);

        report.Ready.ShouldBeTrue(string.Join("; ", report.Tools.Select(item => $"{item.Tool}: {item.Problem}")));
        report.Project.ShouldBeNull();
        var status = report.Tools.Single(item => item.Tool == tool);
        status.Present.ShouldBeTrue();
        status.Required.ShouldBeTrue();
        status.Program.ShouldBe(program);
        status.Version.ShouldNotBeNull().ShouldMatch(@"^\d+\.\d+");
        File.Exists(status.Executable).ShouldBeTrue();
        status.Problem.ShouldBeNull();
    }

    [Theory]
    [InlineData(TestFramework.Pytest, "coverage.py")]
    [InlineData(TestFramework.Junit5, "JaCoCo agent")]
    [InlineData(TestFramework.Rspec, "SimpleCov")]
    [InlineData(TestFramework.Phpunit, "pcov")]
    public async Task ProbeAsync_CoverageTools_AreFoundAndOptional(TestFramework framework, string tool)
    {
        var status = (await Toolchain.Probe().ProbeAsync(framework, Cancellation)).Tools.Single(item => item.Tool == tool);

        status.Required.ShouldBeFalse();
        status.Present.ShouldBeTrue(status.Problem);
        status.Version.ShouldNotBeNull().ShouldMatch(@"^\d+\.\d+");
    }

    [Fact]
    public async Task ProbeAsync_Pytest_PicksThePython3OnThePathThatCanRunPytest()
    {
        using var temp = new Lightning.TestUtilities.TempDirectory();
        var fake = FakeProgram(temp.Path, "python3", "echo \"/fake/python3: No module named pytest\" >&2\nexit 1");

        var report = await Toolchain.Probe(temp.Path + Path.PathSeparator + Toolchain.Path).ProbeAsync(TestFramework.Pytest, Cancellation);

        report.Ready.ShouldBeTrue();
        var pytest = report.Tools.Single(item => item.Tool == "pytest");
        pytest.Executable.ShouldNotBe(fake);
        report.Resolve(["python3", "-m", "pytest"]).ShouldBe([pytest.Executable!, "-m", "pytest"]);

        var only = await Toolchain.Probe(temp.Path).ProbeAsync(TestFramework.Pytest, Cancellation);
        only.Ready.ShouldBeFalse();
        only.Missing.ShouldHaveSingleItem().Problem.ShouldBe($"{fake} cannot run pytest: /fake/python3: No module named pytest");
    }

    [Theory]
    [InlineData(TestFramework.Pytest, new[] { "python3-pytest" })]
    [InlineData(TestFramework.Jest, new[] { "nodejs", "jest" })]
    [InlineData(TestFramework.GoTest, new[] { "golang-go" })]
    [InlineData(TestFramework.Junit5, new[] { "default-jdk-headless" })]
    [InlineData(TestFramework.Rspec, new[] { "ruby-rspec" })]
    [InlineData(TestFramework.Phpunit, new[] { "phpunit", "php-cli" })]
    [InlineData(TestFramework.DotnetTest, new[] { "dotnet-sdk-10.0" })]
    public async Task ProbeAsync_EmptyPath_NamesThePackagesToInstall(TestFramework framework, string[] packages)
    {
        var report = await Toolchain.Probe(string.Empty).ProbeAsync(framework, Cancellation);

        report.Ready.ShouldBeFalse();
        report.Missing.Select(tool => tool.Package).Distinct().ShouldBe(packages);
        var error = Should.Throw<LightningException>(report.ThrowIfNotReady);
        error.Code.ShouldBe("testing.toolchain_missing");
        error.Kind.ShouldBe(ErrorKind.Unavailable);
        foreach (var package in packages)
        {
            error.Message.ShouldContain($"package {package} (");
        }
    }

    [Fact]
    public async Task ThrowIfNotReady_EmptyPath_MessageSaysWhatToRun()
    {
        var report = await Toolchain.Probe(string.Empty).ProbeAsync(TestFramework.GoTest, Cancellation);

        Should.Throw<LightningException>(report.ThrowIfNotReady).Message
            .ShouldBe("go test cannot run on this machine: go is missing (go is not on the PATH): install the Debian package golang-go (apt-get install golang-go).");
    }

    [Fact]
    public async Task ProbeAsync_JUnitConsoleJarMissing_NamesJunit5()
    {
        var options = new TestToolchainOptions { JUnitConsoleJar = "/nonexistent/junit-platform-console-standalone.jar" };

        var report = await Toolchain.Probe(options).ProbeAsync(TestFramework.Junit5, Cancellation);

        report.Ready.ShouldBeFalse();
        var missing = report.Missing.ShouldHaveSingleItem();
        missing.Package.ShouldBe("junit5");
        missing.Problem.ShouldBe("/nonexistent/junit-platform-console-standalone.jar does not exist");
        Should.Throw<LightningException>(report.ThrowIfNotReady).Message.ShouldContain("install the Debian package junit5 (apt-get install junit5)");
    }

    [Fact]
    public async Task ProbeAsync_ProgramThatHangs_IsMissingAfterTheTimeout()
    {
        using var temp = new Lightning.TestUtilities.TempDirectory();
        FakeProgram(temp.Path, "go", "exec /bin/sleep 30");
        var options = new TestToolchainOptions { SearchPath = temp.Path, ProbeTimeoutSeconds = 1 };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await Toolchain.Probe(options).ProbeAsync(TestFramework.GoTest, Cancellation);

        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        report.Missing.ShouldHaveSingleItem().Problem.ShouldEndWith("go version failed: it did not answer in time");
    }

    [Fact]
    public async Task ProbeAsync_JestOnThePath_IsFoundWithItsVersion()
    {
        var jestBin = Toolchain.JestBinDirectory();

        var report = await Toolchain.Probe(jestBin + Path.PathSeparator + Toolchain.Path).ProbeAsync(TestFramework.Jest, Cancellation);

        report.Ready.ShouldBeTrue(string.Join("; ", report.Tools.Select(item => $"{item.Tool}: {item.Problem}")));
        report.Tools.Single(item => item.Tool == "jest").Version.ShouldNotBeNull().ShouldMatch(@"^\d+\.\d+\.\d+$");
        report.Resolve(["jest", "--ci"])[0].ShouldBe(Path.Combine(jestBin, "jest"));
    }

    [Fact]
    public async Task ProbeAsync_JestProjectWithoutJest_SaysToInstallTheNpmPackageInTheProject()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Jest(workspace, "repo/web");
        var detection = await workspace.DetectAsync();
        var nodeOnly = Path.GetDirectoryName(ExecutableSearch.Find("node", Toolchain.Path)).ShouldNotBeNull();

        var report = await Toolchain.Probe(nodeOnly).ProbeAsync(detection, detection.Projects.Single(), Cancellation);

        report.Project.ShouldBe("web");
        var jest = report.Missing.ShouldHaveSingleItem();
        jest.Package.ShouldBe("jest");
        jest.PackageManager.ShouldBe("npm");
        jest.Install.ShouldBe("npm install --save-dev jest");
        Should.Throw<LightningException>(report.ThrowIfNotReady).Message
            .ShouldBe("Jest cannot run for 'web': jest is missing (jest is neither in node_modules of 'web' (or above it) nor on the PATH): install the npm package jest (npm install --save-dev jest).");
    }

    [Fact]
    public async Task ProbeAsync_JestInTheProjectsNodeModules_RunsThatOneThroughNode()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Jest(workspace, "repo");
        // A package laid out as npm installs jest, whose bin answers --version as jest does.
        workspace
            .Write("repo/node_modules/jest/package.json", """{ "name": "jest", "version": "29.7.0", "bin": { "jest": "./bin/jest.js" } }""")
            .Write("repo/node_modules/jest/bin/jest.js", "if (process.argv[2] === '--version') { console.log('29.7.0'); } else { process.exit(3); }\n");
        var detection = await workspace.DetectAsync();
        var project = detection.Projects.Single();
        project.Command.ShouldBe(["node", "node_modules/jest/bin/jest.js", "--ci"]);

        var report = await Toolchain.Probe().ProbeAsync(detection, project, Cancellation);

        report.Ready.ShouldBeTrue();
        var jest = report.Tools.Single(item => item.Tool == "jest");
        jest.Version.ShouldBe("29.7.0");
        jest.Executable.ShouldBe(workspace.Full("repo/node_modules/jest/bin/jest.js"));
        report.Resolve(project.Command)[0].ShouldBe(report.Tools.Single(item => item.Tool == "node").Executable);
    }

    [Fact]
    public async Task ProbeAllAsync_Monorepo_OneReportPerSupportedProject()
    {
        using var workspace = new FixtureWorkspace();
        Fixtures.Pytest(workspace, "repo/api");
        Fixtures.Go(workspace, "repo/gateway");
        Fixtures.Rspec(workspace, "repo/billing");
        workspace.Write("repo/web/package.json", """{ "devDependencies": { "vitest": "1" } }""");
        var detection = await workspace.DetectAsync();
        detection.Projects.Count.ShouldBe(4);

        var reports = await Toolchain.Probe().ProbeAllAsync(detection, Cancellation);

        reports.Select(report => (report.Project, report.Name, report.Ready)).ShouldBe([("api", "pytest", true), ("billing", "rspec", true), ("gateway", "go-test", true)]);
    }

    [Fact]
    public async Task ProbeAsync_UnknownOrUnsupportedFramework_IsRefused()
    {
        var unknown = await Should.ThrowAsync<LightningException>(() => Toolchain.Probe().ProbeAsync("karma", Cancellation));
        unknown.Code.ShouldBe("testing.unknown_framework");
        unknown.Message.ShouldContain("Known frameworks: pytest, jest, go-test, junit5, rspec, phpunit, dotnet-test");

        (await Should.ThrowAsync<LightningException>(() => Toolchain.Probe().ProbeAsync("vitest", Cancellation))).Code.ShouldBe("testing.framework_not_supported");
        (await Toolchain.Probe().ProbeAsync("go", Cancellation)).Framework.ShouldBe(TestFramework.GoTest);
    }

    static string FakeProgram(string directory, string name, string body)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
