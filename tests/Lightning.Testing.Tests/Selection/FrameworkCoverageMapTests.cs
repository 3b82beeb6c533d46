using Lightning.Core.Storage;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Lightning.Testing.Selection.Coverage;
using Lightning.Testing.Tests.Detection;
using Lightning.Testing.Tests.Runners;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Selection;

/// <summary>
/// Per-test coverage maps beyond pytest, on the real toolchains: go test (a run per test), Jest (a run per file),
/// PHPUnit (pcov's XML coverage names each line's tests), RSpec (Ruby's coverage cleared around each example) and
/// JUnit 5 (JaCoCo's data dumped after each test by our listener). Each map is built, a change to one function selects the test
/// that ran it with the lines in the reason, and running the selection runs only that test.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class FrameworkCoverageMapTests : IDisposable
{
    readonly TempDirectory _data = new();
    readonly GitTestRepository _repository = GitTestRepository.Create();
    readonly ServiceProvider _services;

    public FrameworkCoverageMapTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOptions<LightningOptions>().Configure(options => options.DataDirectory = _data.Combine("data"));
        services.AddLightningTesting();
        services.Configure<TestToolchainOptions>(options => options.SearchPath = Toolchain.JestBinDirectory() + Path.PathSeparator + Toolchain.Path);
        _services = services.BuildServiceProvider();
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    TestSelectionService Selection => _services.GetRequiredService<TestSelectionService>();

    async Task<TestSelection> BuildMapThenChangeAsync(string file, string before, string after)
    {
        var maps = await Selection.BuildMapsAsync(_repository.Path, TimeSpan.FromMinutes(3), Token);
        Assert.NotEmpty(Assert.Single(maps).Tests);
        _repository.Write(file, _repository.Read(file).Replace(before, after, StringComparison.Ordinal));
        return await Selection.SelectAsync(new SelectionRequest(_repository.Path) { Mode = SelectionMode.Fast }, Token);
    }

    async Task<IReadOnlyList<string>> RunSelectionAsync(TestSelection selection)
    {
        var project = selection.Projects.Single(project => project.Selected > 0);
        var tests = SelectionRunPlan.TestsOf(selection, project);
        var results = await _services.GetRequiredService<ITestRunner>().RunAsync(
            new TestRunRequest { Repository = _repository.Path, Project = project.Root, Tests = tests }, null, Token);
        return [.. results.Single().Run.EnumerateCases().Select(testCase => testCase.Name).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task GoTest_MapPerTestFunction_SelectsTheTestThatRanTheChangedFunction()
    {
        _repository
            .Write("go.mod", "module example.com/calc\n\ngo 1.19\n")
            .Write("calc.go", "package calc\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n\nfunc Sub(a, b int) int {\n\treturn a - b\n}\n")
            .Write("calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(1, 2) != 3 {\n\t\tt.Fatal(\"add\")\n\t}\n}\n\nfunc TestSub(t *testing.T) {\n\tif Sub(3, 1) != 2 {\n\t\tt.Fatal(\"sub\")\n\t}\n}\n");
        _repository.Commit("go");

        var selection = await BuildMapThenChangeAsync("calc.go", "return a - b", "return a - b + 0");

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("calc_test.go::TestSub", test.Id);
        Assert.Contains(test.Reasons, reason => reason.StartsWith("calc_test.go::TestSub runs because calc.go:Sub changed (lines 8) and it covered lines ", StringComparison.Ordinal));
        Assert.Equal(["example.com/calc::TestSub"], SelectionRunPlan.TestsOf(selection, selection.Projects.Single()));
        Assert.Equal(["TestSub"], await RunSelectionAsync(selection));
    }

    [Fact]
    public async Task Jest_MapPerTestFile_SelectsTheFileThatRanTheChangedLines()
    {
        _repository
            .Write("package.json", """{ "name": "calc", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" } }""")
            .Write("calc.js", "function add(a, b) {\n  return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}\n\nmodule.exports = { add, sub };\n")
            .Write("add.test.js", "const { add } = require('./calc');\n\ntest('adds', () => { expect(add(1, 2)).toBe(3); });\n")
            .Write("sub.test.js", "const { sub } = require('./calc');\n\ntest('subtracts', () => { expect(sub(3, 1)).toBe(2); });\n");
        _repository.Commit("jest");

        var selection = await BuildMapThenChangeAsync("calc.js", "return a - b;", "return a - b + 0;");

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("sub.test.js", test.Id);
        Assert.True(test.WholeFile);
        Assert.Contains(test.Reasons, reason => reason.StartsWith("sub.test.js runs because calc.js", StringComparison.Ordinal)
            && reason.Contains("changed (lines 6) and it covered lines ", StringComparison.Ordinal));
        Assert.Equal("add.test.js", Assert.Single(selection.Dropped).Id);
        Assert.Equal(["subtracts"], await RunSelectionAsync(selection));
    }

    [Fact]
    public async Task Jest_FilesReadAtRunTime_ChangedDataFileSelectsExactlyTheTestThatReadIt()
    {
        // The project's own setupFilesAfterEnv stays: "reads prices" finds its data only when setup.js ran.
        _repository
            .Write("package.json", """{ "name": "shop", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" }, "jest": { "setupFilesAfterEnv": ["<rootDir>/setup.js"] } }""")
            .Write("setup.js", "globalThis.configured = true;\n")
            .Write("data/prices.json", "{ \"apple\": 3 }\n")
            .Write("data/stock.json", "{ \"apple\": 10 }\n")
            .Write("data/rates.json", "{ \"eur\": 2 }\n")
            .Write("data/config.json", "{ \"on\": true }\n")
            .Write("prices.test.js", """
                const fs = require('fs');
                const path = require('path');

                describe('prices', () => {
                  test('reads prices', () => {
                    const folder = globalThis.configured ? 'data' : 'missing';
                    expect(JSON.parse(fs.readFileSync(path.join(__dirname, folder, 'prices' + '.json'), 'utf8')).apple).toBe(3);
                  });
                  test('reads stock', async () => {
                    expect(JSON.parse(await fs.promises.readFile(path.join(__dirname, 'data', 'stock.json'), 'utf8')).apple).toBe(10);
                  });
                  test('names prices', () => { expect('data/prices.json').toMatch(/json$/); });
                  // Jest's module loader reads it through graceful-fs: seen because the hooks load first.
                  test('requires config', () => { expect(require('./data/config.json').on).toBe(true); });
                });
                """)
            // Read when the file loads, before any test: the whole file read it.
            .Write("rates.test.js", """
                const fs = require('fs');
                const path = require('path');
                const rates = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'rates.json'), 'utf8'));

                test('has rates', () => { expect(rates.eur).toBe(2); });
                """)
            .Write("other.test.js", "test('reads nothing', () => { expect(1 + 1).toBe(2); });\n");
        _repository.Commit("jest reads");

        var map = Assert.Single(await Selection.BuildMapsAsync(_repository.Path, TimeSpan.FromMinutes(3), Token));
        Assert.True(map.ReadsRecorded, string.Join(" | ", map.Notes));
        Assert.Equal(["data/config.json", "data/prices.json", "data/rates.json", "data/stock.json"], map.Reads.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["prices.test.js::prices requires config"], map.Reads["data/config.json"].Select(test => map.Tests[test]));
        Assert.Equal(["prices.test.js::prices reads prices"], map.Reads["data/prices.json"].Select(test => map.Tests[test]));
        Assert.Equal(["prices.test.js::prices reads stock"], map.Reads["data/stock.json"].Select(test => map.Tests[test]));
        Assert.Equal(["rates.test.js"], map.Reads["data/rates.json"].Select(test => map.Tests[test]));

        _repository.Write("data/prices.json", "{ \"apple\": 3, \"pear\": 4 }\n");
        var selection = await Selection.SelectAsync(new SelectionRequest(_repository.Path) { Mode = SelectionMode.Fast }, Token);

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("prices.test.js::prices reads prices", test.Id);
        Assert.Equal(["prices.test.js::prices reads prices runs because it read data/prices.json, which changed"], test.Reasons);
        // Jest's -t reports the file's other tests as skipped: only the selected one runs.
        var project = selection.Projects.Single(project => project.Selected > 0);
        var results = await _services.GetRequiredService<ITestRunner>().RunAsync(
            new TestRunRequest { Repository = _repository.Path, Project = project.Root, Tests = SelectionRunPlan.TestsOf(selection, project) }, null, Token);
        var ran = results.Single().Run.EnumerateCases().Where(testCase => testCase.Outcome != Lightning.Testing.Results.TestOutcome.Skipped);
        Assert.Equal(["reads prices"], ran.Select(testCase => testCase.Name));

        // A file read when the test file loads selects that whole file.
        _repository.Write("data/prices.json", "{ \"apple\": 3 }\n").Write("data/rates.json", "{ \"eur\": 2, \"usd\": 1 }\n");
        selection = await Selection.SelectAsync(new SelectionRequest(_repository.Path) { Mode = SelectionMode.Fast }, Token);
        test = Assert.Single(selection.Tests);
        Assert.Equal("rates.test.js", test.Id);
        Assert.Equal(["rates.test.js runs because it read data/rates.json, which changed"], test.Reasons);
    }

    [Fact]
    public async Task Jest_FilesReadAtRunTime_WithoutInjectedGlobals_StillRecorded()
    {
        // injectGlobals: false leaves no global expect or hooks: the setup file takes them from @jest/globals.
        _repository
            .Write("package.json", """{ "name": "shop", "private": true, "devDependencies": { "jest": "^30.0.0" }, "jest": { "injectGlobals": false } }""")
            .Write("data/prices.json", "{ \"apple\": 3 }\n")
            .Write("prices.test.js", """
                const { test, expect } = require('@jest/globals');
                const fs = require('fs');
                const path = require('path');

                test('reads prices', () => { expect(fs.readFileSync(path.join(__dirname, 'data', 'prices.json'), 'utf8')).toContain('apple'); });
                """);
        _repository.Commit("no globals");

        var map = Assert.Single(await Selection.BuildMapsAsync(_repository.Path, TimeSpan.FromMinutes(3), Token));

        Assert.True(map.ReadsRecorded, string.Join(" | ", map.Notes));
        Assert.Equal(["prices.test.js::reads prices"], map.Reads["data/prices.json"].Select(test => map.Tests[test]));
    }

    [Fact]
    public async Task Jest_NativeEsm_ReadsThroughOpenPromisesImportsAndWorkerThreads_SelectTheTestThatReadIt()
    {
        // A native-ESM project ("type": "module", no transform): the map's runs need --experimental-vm-modules, and
        // each way of reading a data file below is recorded for the test that read it.
        _repository
            .Write("package.json", """{ "name": "shop", "private": true, "type": "module", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" }, "jest": { "transform": {} } }""")
            .Write("data/prices.json", "{ \"n\": \"prices\" }\n")
            .Write("data/dynamic.json", "{ \"n\": \"dynamic\" }\n")
            .Write("data/open.json", "{ \"n\": \"open\" }\n")
            .Write("data/handle.json", "{ \"n\": \"handle\" }\n")
            .Write("data/promises.json", "{ \"n\": \"promises\" }\n")
            .Write("data/thread.json", "{ \"n\": \"thread\" }\n")
            .Write("lib/reader.js", """
                import { readFileSync } from 'node:fs';
                import { parentPort, workerData } from 'node:worker_threads';

                parentPort.postMessage(JSON.parse(readFileSync(workerData, 'utf8')).n);
                """)
            .Write("reads.test.js", """
                import fs from 'node:fs';
                import { open, readFile } from 'node:fs/promises';
                import { Worker } from 'node:worker_threads';
                import path from 'node:path';
                import prices from './data/prices.json' with { type: 'json' };

                const here = path.dirname(new URL(import.meta.url).pathname);
                const data = (name) => path.join(here, 'data', name);

                test('static import', () => { expect(prices.n).toBe('prices'); });
                test('dynamic import', async () => {
                  expect((await import('./data/dynamic.json', { with: { type: 'json' } })).default.n).toBe('dynamic');
                });
                test('fs.open', async () => {
                  const fd = await new Promise((resolve, reject) => fs.open(data('open.json'), (error, fd) => (error ? reject(error) : resolve(fd))));
                  const buffer = Buffer.alloc(64);
                  expect(buffer.toString('utf8', 0, fs.readSync(fd, buffer))).toContain('open');
                  fs.closeSync(fd);
                });
                test('promises.open', async () => {
                  const handle = await open(data('handle.json'));
                  expect(JSON.parse(await handle.readFile('utf8')).n).toBe('handle');
                  await handle.close();
                });
                test('fs/promises readFile', async () => { expect(JSON.parse(await readFile(data('promises.json'), 'utf8')).n).toBe('promises'); });
                test('worker thread', async () => {
                  const worker = new Worker(path.join(here, 'lib', 'reader.js'), { workerData: data('thread.json') });
                  const name = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
                  await worker.terminate();
                  expect(name).toBe('thread');
                });
                """);
        _repository.Commit("esm reads");

        var map = Assert.Single(await Selection.BuildMapsAsync(_repository.Path, TimeSpan.FromMinutes(3), Token));
        Assert.True(map.ReadsRecorded, string.Join(" | ", map.Notes));
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Imported when the file loads, before any test: the whole file read it.
            ["data/prices.json"] = "reads.test.js",
            ["data/dynamic.json"] = "reads.test.js::dynamic import",
            ["data/open.json"] = "reads.test.js::fs.open",
            ["data/handle.json"] = "reads.test.js::promises.open",
            ["data/promises.json"] = "reads.test.js::fs/promises readFile",
            ["data/thread.json"] = "reads.test.js::worker thread",
        };
        // Only the data files: Jest's own reads (package.json by its resolver) are tooling, not the tests' data.
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), map.Reads.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, test) in expected)
        {
            Assert.Equal([test], map.Reads[file].Select(index => map.Tests[index]));
        }

        foreach (var (file, test) in expected)
        {
            var before = _repository.Read(file);
            _repository.Write(file, before.Replace("}", ", \"changed\": true }", StringComparison.Ordinal));
            var selection = await Selection.SelectAsync(new SelectionRequest(_repository.Path) { Mode = SelectionMode.Fast }, Token);
            _repository.Write(file, before);

            Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
            var selected = Assert.Single(selection.Tests);
            Assert.Equal(test, selected.Id);
            Assert.Equal([$"{test} runs because it read {file}, which changed"], selected.Reasons);
        }
    }

    [Fact]
    public void JestShowConfig_SetupFilesOfTheOnlyProject_AfterWarnings_OrWhyNot()
    {
        var (files, why) = CoverageMapBuilder.ParseJestSetupFiles("""
            ● Validation Warning: something
            { "configs": [ { "rootDir": "/r", "setupFilesAfterEnv": ["/r/setup.js", "/r/more.js"] } ], "globalConfig": {}, "version": "30.2.0" }
            """);
        Assert.Null(why);
        Assert.Equal(["/r/setup.js", "/r/more.js"], files);
        Assert.Empty(CoverageMapBuilder.ParseJestSetupFiles("""{ "configs": [ { "rootDir": "/r" } ] }""").SetupFiles!);
        Assert.Equal("the Jest configuration has 2 projects, each with its own setup files",
            CoverageMapBuilder.ParseJestSetupFiles("""{ "configs": [ {}, {} ] }""").Why);
        Assert.Null(CoverageMapBuilder.ParseJestSetupFiles(null).SetupFiles);
    }

    [Fact]
    public async Task PhpUnit_MapFromXmlCoverage_SelectsTheTestMethodThatRanTheChangedLines()
    {
        _repository
            .Write("phpunit.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <phpunit colors="false">
                  <testsuites><testsuite name="unit"><directory suffix="Test.php">tests</directory></testsuite></testsuites>
                </phpunit>
                """)
            .Write("src/Calc.php", "<?php\nnamespace App;\n\nclass Calc\n{\n    public function add($a, $b)\n    {\n        return $a + $b;\n    }\n\n    public function sub($a, $b)\n    {\n        return $a - $b;\n    }\n}\n")
            .Write("tests/CalcTest.php", """
                <?php
                namespace App\Tests;

                use App\Calc;
                use PHPUnit\Framework\TestCase;

                require_once __DIR__ . '/../src/Calc.php';

                final class CalcTest extends TestCase
                {
                    public function testAdd(): void { $this->assertSame(3, (new Calc())->add(1, 2)); }

                    public function testSub(): void { $this->assertSame(2, (new Calc())->sub(3, 1)); }
                }
                """);
        _repository.Commit("php");

        var selection = await BuildMapThenChangeAsync("src/Calc.php", "return $a - $b;", "return $a - $b + 0;");

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("tests/CalcTest.php::testSub", test.Id);
        Assert.Contains(test.Reasons, reason => reason.StartsWith("tests/CalcTest.php::testSub runs because src/Calc.php", StringComparison.Ordinal)
            && reason.Contains("changed (lines 13) and it covered lines 13", StringComparison.Ordinal));
        Assert.Equal([@"App\Tests\CalcTest::testSub"], SelectionRunPlan.TestsOf(selection, selection.Projects.Single()));
        Assert.Equal(["testSub"], await RunSelectionAsync(selection));
    }

    [Fact]
    public async Task Rspec_MapPerExample_SelectsTheExampleThatRanTheChangedLines()
    {
        _repository
            .Write("lib/calc.rb", "class Calc\n  def add(a, b)\n    a + b\n  end\n\n  def sub(a, b)\n    a - b\n  end\nend\n")
            .Write("spec/calc_spec.rb", """
                require_relative '../lib/calc'

                RSpec.describe Calc do
                  it 'adds' do
                    expect(Calc.new.add(1, 2)).to eq(3)
                  end

                  it 'subtracts' do
                    expect(Calc.new.sub(3, 1)).to eq(2)
                  end
                end
                """)
            .Write("spec/other_spec.rb", "require_relative '../lib/calc'\n\nRSpec.describe 'Other' do\n  it 'adds too' do\n    expect(Calc.new.add(2, 2)).to eq(4)\n  end\nend\n");
        _repository.Commit("rspec");

        var selection = await BuildMapThenChangeAsync("lib/calc.rb", "a - b", "a - b + 0");

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("spec/calc_spec.rb::Calc subtracts", test.Id);
        Assert.Contains(test.Reasons, reason => reason.StartsWith("spec/calc_spec.rb::Calc subtracts runs because lib/calc.rb", StringComparison.Ordinal)
            && reason.Contains("changed (lines 7) and it covered lines 7", StringComparison.Ordinal));
        Assert.Equal(["Calc subtracts"], await RunSelectionAsync(selection));
    }

    [Fact]
    public async Task JUnit_MapPerTestFromJacoco_SelectsTheTestMethodThatRanTheChangedLines()
    {
        _repository
            .Write("pom.xml", """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>calc</artifactId>
                  <version>1.0</version>
                  <dependencies>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.9.2</version><scope>test</scope></dependency>
                  </dependencies>
                </project>
                """)
            .Write("src/main/java/com/example/Calc.java",
                "package com.example;\n\npublic class Calc {\n    public static int add(int a, int b) {\n        return a + b;\n    }\n\n    public static int sub(int a, int b) {\n        return a - b;\n    }\n}\n")
            .Write("src/test/java/com/example/CalcTest.java", """
                package com.example;

                import org.junit.jupiter.api.Test;
                import org.junit.jupiter.params.ParameterizedTest;
                import org.junit.jupiter.params.provider.ValueSource;
                import static org.junit.jupiter.api.Assertions.assertEquals;

                class CalcTest {
                    @Test
                    void adds() { assertEquals(5, Calc.add(2, 3)); }

                    @ParameterizedTest
                    @ValueSource(ints = {1, 2})
                    void subtracts(int n) { assertEquals(0, Calc.sub(n, n)); }
                }
                """);
        _repository.Commit("junit");

        var selection = await BuildMapThenChangeAsync("src/main/java/com/example/Calc.java", "return a - b;", "return a - b + 0;");

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("src/test/java/com/example/CalcTest.java::subtracts(int)", test.Id);
        Assert.Contains(test.Reasons, reason => reason.StartsWith("src/test/java/com/example/CalcTest.java::subtracts(int) runs because src/main/java/com/example/Calc.java", StringComparison.Ordinal)
            && reason.Contains("changed (lines 9) and it covered lines 9", StringComparison.Ordinal));
        Assert.Equal(["com.example.CalcTest::subtracts(int)"], SelectionRunPlan.TestsOf(selection, selection.Projects.Single()));
        Assert.Equal(["subtracts(int)[1]", "subtracts(int)[2]"], await RunSelectionAsync(selection));
    }

    /// <summary>
    /// dotnet test, a run per test method under the project's own collector: xUnit v3 and NUnit under VSTest with
    /// coverlet, MSTest on Microsoft.Testing.Platform with its code coverage extension. The library is a project of its own, as coverlet
    /// instruments referenced assemblies; a second test class also calls the library.
    /// </summary>
    [Theory]
    [InlineData("xunit.v3", false)]
    [InlineData("mstest", true)]
    [InlineData("nunit", false)]
    public async Task Dotnet_MapPerTestMethod_SelectsTheTestThatRanTheChangedMethod(string variant, bool testingPlatform)
    {
        WriteDotnetProject(variant, testingPlatform);
        _repository.Commit("dotnet");

        var map = Assert.Single(await Selection.BuildMapsAsync(_repository.Path, TimeSpan.FromMinutes(3), Token));
        Assert.Equal(["CalcTests.cs::Fixture.Calc.CalcTests::Adds", "CalcTests.cs::Fixture.Calc.CalcTests::Subtracts", "MoreTests.cs::Fixture.Calc.MoreTests::AddsTwice"],
            map.Tests.Order(StringComparer.Ordinal));
        Assert.Empty(map.Notes);
        _repository.Write("src/Calc/Calc.cs", _repository.Read("src/Calc/Calc.cs").Replace("return a - b;", "return a - b + 0;", StringComparison.Ordinal));
        var selection = await Selection.SelectAsync(new SelectionRequest(_repository.Path) { Mode = SelectionMode.Fast }, Token);

        Assert.False(selection.RunAll, string.Join(" | ", selection.Fallbacks.Select(note => note.Reason)));
        var test = Assert.Single(selection.Tests);
        Assert.Equal("CalcTests.cs::Fixture.Calc.CalcTests::Subtracts", test.Id);
        Assert.Contains("tests/Calc.Tests/CalcTests.cs::Fixture.Calc.CalcTests::Subtracts runs because src/Calc/Calc.cs changed (lines 9) and it covered lines 9", test.Reasons);
        Assert.Equal(["Fixture.Calc.CalcTests::Subtracts"], SelectionRunPlan.TestsOf(selection, selection.Projects.Single(project => project.Selected > 0)));
        Assert.Equal(["Subtracts"], await RunSelectionAsync(selection));
    }

    [Fact]
    public async Task Dotnet_WithoutItsCoverageCollector_FailsAfterOneRunNamingThePackage()
    {
        WriteDotnetProject("xunit.v3", testingPlatform: false, collector: false);
        _repository.Commit("dotnet without coverlet");

        var error = await Assert.ThrowsAsync<Lightning.Core.Errors.LightningException>(() => Selection.BuildMapsAsync(_repository.Path, TimeSpan.FromMinutes(3), Token));

        Assert.Equal("testing.coverage_map_failed", error.Code);
        Assert.StartsWith("No coverage was measured for 'tests/Calc.Tests': ", error.Message, StringComparison.Ordinal);
        Assert.Contains("coverlet.collector", error.Message, StringComparison.Ordinal);
    }

    void WriteDotnetProject(string variant, bool testingPlatform, bool collector = true)
    {
        var packages = (variant, testingPlatform) switch
        {
            ("xunit.v3", false) => """
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="xunit.v3" Version="4.0.2" />
                <PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />
                <PackageReference Include="coverlet.collector" Version="6.0.4" />
                """,
            ("mstest", true) => """
                <PackageReference Include="MSTest.TestFramework" Version="4.5.3" />
                <PackageReference Include="MSTest.TestAdapter" Version="4.5.3" />
                <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.1" />
                <PackageReference Include="Microsoft.Testing.Extensions.CodeCoverage" Version="18.1.0" />
                """,
            ("nunit", false) => """
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
                <PackageReference Include="NUnit" Version="5.0.0" />
                <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
                <PackageReference Include="coverlet.collector" Version="6.0.4" />
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        if (!collector)
        {
            packages = string.Join('\n', packages.Split('\n').Where(line => !line.Contains("coverlet", StringComparison.Ordinal) && !line.Contains("CodeCoverage", StringComparison.Ordinal)));
        }

        var (usings, fact, classAttribute, check) = variant switch
        {
            "mstest" => ("using Microsoft.VisualStudio.TestTools.UnitTesting;", "[TestMethod]", "[TestClass]\n", "Assert.IsTrue"),
            "nunit" => ("using NUnit.Framework;", "[Test]", string.Empty, "Assert.That"),
            _ => ("using Xunit;", "[Fact]", string.Empty, "Assert.True"),
        };
        _repository
            .Write(".gitignore", "bin/\nobj/\n")
            .Write("global.json", testingPlatform ? """{ "test": { "runner": "Microsoft.Testing.Platform" } }""" : "{ }")
            .Write("src/Calc/Calc.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """)
            .Write("src/Calc/Calc.cs", "namespace Example;\n\npublic static class Arith\n{\n    public static int Add(int a, int b) => a + b;\n\n    public static int Sub(int a, int b)\n    {\n        return a - b;\n    }\n}\n")
            .Write("tests/Calc.Tests/Calc.Tests.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <OutputType>Exe</OutputType>
                    <IsPackable>false</IsPackable>
                    {(testingPlatform ? "<EnableMSTestRunner>true</EnableMSTestRunner>" : "<IsTestingPlatformApplication>false</IsTestingPlatformApplication>")}
                  </PropertyGroup>
                  <ItemGroup>
                {packages}
                    <ProjectReference Include="../../src/Calc/Calc.csproj" />
                  </ItemGroup>
                </Project>
                """)
            .Write("tests/Calc.Tests/CalcTests.cs", $$"""
                {{usings}}
                using Example;

                namespace Fixture.Calc;

                {{classAttribute}}public class CalcTests
                {
                    {{fact}}
                    public void Adds() => {{check}}(Arith.Add(2, 3) == 5);

                    {{fact}}
                    public void Subtracts() => {{check}}(Arith.Sub(3, 2) == 1);
                }
                """)
            .Write("tests/Calc.Tests/MoreTests.cs", $$"""
                {{usings}}
                using Example;

                namespace Fixture.Calc;

                {{classAttribute}}public class MoreTests
                {
                    {{fact}}
                    public void AddsTwice() => {{check}}(Arith.Add(Arith.Add(1, 1), 2) == 4);
                }
                """);
    }

    [Fact]
    public void FrameworkTests_ReadGoAndPhpNames()
    {
        Assert.Equal(["TestA", "Test_b"], Lightning.Testing.Selection.Coverage.FrameworkTests.GoTestNames(
            "package x\n\nfunc TestA(t *testing.T) {}\nfunc helper(t *testing.T) {}\nfunc Test_b(tt *testing.T) {}\nfunc TestMain(m *testing.M) {}\nfunc Testing(t *testing.T) {}\n"));
        const string Php = "<?php\nnamespace App\\Tests;\n\nfinal class CalcTest extends TestCase\n{\n    public function testA(): void {}\n    /** @test */\n    public function adds(): void {}\n    private function helper() {}\n}\n";
        Assert.Equal(@"App\Tests\CalcTest", Lightning.Testing.Selection.Coverage.FrameworkTests.PhpClass(Php));
        Assert.Equal(["testA", "adds"], Lightning.Testing.Selection.Coverage.FrameworkTests.PhpTestMethods(Php));
    }

    [Theory]
    [InlineData("sum.test.js", true)]
    [InlineData("src/deep/sum.spec.tsx", true)]
    [InlineData("src/a.b.test.mjs", true)]
    [InlineData("src/sum.js", false)]
    [InlineData("src/test.js", true)]
    [InlineData("src/__tests__/sum.ts", false)]
    public void Glob_JestDefaultTestMatch_ReadsExtendedPatterns(string path, bool matches) =>
        Assert.Equal(matches, Lightning.Testing.Detection.Glob.Matches("**/?(*.)+(spec|test).?([mc])[jt]s?(x)", path));

    public void Dispose()
    {
        _services.Dispose();
        _repository.Dispose();
        _data.Dispose();
    }
}
