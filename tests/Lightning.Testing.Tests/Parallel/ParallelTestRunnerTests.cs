using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Testing.History;
using Lightning.Testing.Parallel;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Tests.History;
using Lightning.Testing.Tests.Runners;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Lightning.Testing.Tests.Parallel;

/// <summary>The platform's runner on real toolchains: projects of different frameworks at once, and a pytest suite in shards.</summary>
[Collection(RunnerCollection.Name)]
public sealed class ParallelTestRunnerTests : IDisposable
{
    readonly TempDirectory _meeting = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Each project's test waits (60 s at most) for the other's to have started: run one after the other, the first
    /// would wait in vain and fail. Both pass only when they run at the same time.
    /// </summary>
    [Fact]
    public async Task ProjectsOfDifferentFrameworks_RunAtOnce_WithEventsFromBoth()
    {
        Environment.SetEnvironmentVariable("PYENV_VERSION", "system");
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        var pytestMark = _meeting.Combine("pytest-started");
        var goMark = _meeting.Combine("go-started");
        Write(harness, "mono/py/pytest.ini", "[pytest]\n");
        Write(harness, "mono/py/test_meet.py", $$"""
            import os, time

            def test_meets_go():
                open({{JsonSerializer.Serialize(pytestMark)}}, "w").close()
                deadline = time.time() + 60
                while not os.path.exists({{JsonSerializer.Serialize(goMark)}}):
                    assert time.time() < deadline, "go test never started while pytest ran"
                    time.sleep(0.1)
            """);
        Write(harness, "mono/go/go.mod", "module example.com/meet\n\ngo 1.19\n");
        Write(harness, "mono/go/meet_test.go", $$"""
            package meet

            import (
            	"os"
            	"testing"
            	"time"
            )

            func TestMeetsPytest(t *testing.T) {
            	os.WriteFile({{JsonSerializer.Serialize(goMark)}}, nil, 0o644)
            	deadline := time.Now().Add(60 * time.Second)
            	for {
            		if _, err := os.Stat({{JsonSerializer.Serialize(pytestMark)}}); err == nil {
            			return
            		}
            		if time.Now().After(deadline) {
            			t.Fatal("pytest never started while go test ran")
            		}
            		time.Sleep(100 * time.Millisecond)
            	}
            }
            """);

        var run = await harness.Runs.StartAsync(new TestRunStart(new TestTarget(harness.Workspace, "mono", "mono")), Token);
        await harness.Runs.WaitAsync(run.Id, Token);

        var recorded = await harness.Store.GetAsync(run.Id, null, Token);
        recorded!.Run.Status.ShouldBe(TestRunStatus.Passed, recorded.Run.Error);
        recorded.Run.Totals.Passed.ShouldBe(2);
        var events = (await harness.Store.ReadEventsAsync(run.Id, 0, 5000, Token)).Items;
        events.Where(e => e.Type == "passed").Select(e => e.Project).Order(StringComparer.Ordinal).ShouldBe(["go", "py"]);
        events.Where(e => e.Type == "project-finished").Select(e => e.Project).Order(StringComparer.Ordinal).ShouldBe(["go", "py"]);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i), "one numbered stream");
    }

    [Fact]
    public async Task Shards_OfARealPytestSuite_GiveTheSameResultsAsOneRun_WithEventsTaggedByShard()
    {
        Environment.SetEnvironmentVariable("PYENV_VERSION", "system");
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "suite/pytest.ini", "[pytest]\n");
        Write(harness, "suite/tests/test_math.py", """
            import pytest, time

            @pytest.mark.parametrize("n", range(5))
            def test_square(n):
                time.sleep(0.05 * n)
                assert n * n >= 0

            def test_fails():
                assert 1 == 2, "one is not two"

            @pytest.mark.skip(reason="later")
            def test_skipped():
                pass
            """);
        Write(harness, "suite/tests/test_text.py", """
            class TestText:
                def test_upper(self):
                    assert "a".upper() == "A"

                def test_lower(self):
                    assert "A".lower() == "a"
            """);
        var target = new TestTarget(harness.Workspace, "suite", "suite");

        var whole = await RunAsync(harness, new TestRunStart(target));
        var sharded = await RunAsync(harness, new TestRunStart(target) { Shards = 3 });

        (sharded.Run.Totals with { Duration = TimeSpan.Zero }).ShouldBe(whole.Run.Totals with { Duration = TimeSpan.Zero });
        (sharded.Run.Totals.Total, sharded.Run.Totals.Failed, sharded.Run.Totals.Skipped).ShouldBe((9, 1, 1));
        sharded.Run.Status.ShouldBe(TestRunStatus.Failed);
        sharded.Results.Select(r => (r.Id, r.Outcome)).Order().ShouldBe(whole.Results.Select(r => (r.Id, r.Outcome)).Order());
        sharded.Projects.ShouldHaveSingleItem().Root.ShouldBe(".");
        var events = (await harness.Store.ReadEventsAsync(sharded.Run.Id, 0, 5000, Token)).Items;
        events.Where(e => e.Type == "run-started").Select(e => e.Project).Order(StringComparer.Ordinal)
            .ShouldBe([". [shard 1/3]", ". [shard 2/3]", ". [shard 3/3]"]);
        events.Count(e => e.Type is "passed" or "failed" or "skipped").ShouldBe(9, "each case once, in one shard");
    }

    [Fact]
    public async Task Shards_OfAFrameworkThatCannotSplit_RunWhole_AndSaySo()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "web/package.json", """{ "name": "web", "devDependencies": { "vitest": "^1.0.0" } }""");
        Write(harness, "web/src/a.test.js", "test('a', () => {});\n");
        Write(harness, "web/src/b.test.js", "test('b', () => {});\n");
        var runner = harness.Services.GetRequiredService<ITestRunner>().ShouldBeOfType<ParallelTestRunner>();

        var results = await runner.RunAsync(new TestRunRequest { Repository = "web", Workspace = harness.Workspace, Shards = 2 }, null, Token);

        var project = results.ShouldHaveSingleItem();
        project.Run.Messages.ShouldContain(m => m.Text.StartsWith("Not sharded: vitest cannot be split (its tests cannot be listed", StringComparison.Ordinal));
        var invalid = await Should.ThrowAsync<ValidationFailedException>(() =>
            runner.RunAsync(new TestRunRequest { Repository = "web", Workspace = harness.Workspace, Shards = 0 }, null, Token));
        invalid.Errors.Keys.ShouldBe(["shards"]);
    }

    [Fact]
    public async Task Shards_WhenTheListingFails_RunWhole_AndSayWhy()
    {
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "gomod/go.mod", "module example.com/calc\n\ngo 1.19\n");
        Write(harness, "gomod/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) { undefined() }\n\nfunc TestSub(t *testing.T) {}\n");
        var runner = harness.Services.GetRequiredService<ITestRunner>();

        var results = await runner.RunAsync(new TestRunRequest { Repository = "gomod", Workspace = harness.Workspace, Shards = 2 }, null, Token);

        // One package, two shards: go test -list needs a build, which fails; the whole run reports the build error.
        var project = results.ShouldHaveSingleItem();
        project.Run.Messages.ShouldContain(m => m.Text.StartsWith("Not sharded: the tests could not be listed ('go test -list . example.com/calc' failed", StringComparison.Ordinal));
        project.Run.Messages.ShouldNotContain(m => m.Text.StartsWith("Run in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnsupportedProject_BesideARunnableOne_EndsWithItsNote_AsTheRunnerAlwaysSaid()
    {
        Environment.SetEnvironmentVariable("PYENV_VERSION", "system");
        await using var harness = await HistoryHarness.CreateAsync(realRunner: true);
        Write(harness, "mixed/api/pytest.ini", "[pytest]\n");
        Write(harness, "mixed/api/test_ok.py", "def test_ok():\n    assert True\n");
        Write(harness, "mixed/web/package.json", """{ "name": "web", "devDependencies": { "vitest": "^1.0.0" } }""");
        Write(harness, "mixed/web/src/a.test.js", "test('a', () => {});\n");
        var runner = harness.Services.GetRequiredService<ITestRunner>();
        var events = new List<(string Project, string Type)>();

        var results = await runner.RunAsync(new TestRunRequest { Repository = "mixed", Workspace = harness.Workspace },
            (project, testEvent) => { events.Add((project, testEvent.GetType().Name)); return ValueTask.CompletedTask; }, Token);

        results.Select(r => r.Project.Root).ShouldBe(["api", "web"]);
        results[0].Run.Totals.Passed.ShouldBe(1);
        results[1].Error.ShouldNotBeNull().ShouldStartWith("Vitest is detected but not supported yet");
        events.ShouldContain(("web", "RunStartedEvent"));
        events.ShouldContain(("api", "RunFinishedEvent"));
    }

    [Theory]
    [InlineData("tests/test_calc.py::TestK::test_m", "tests.test_calc.TestK::test_m")]
    [InlineData("test_calc.py::test_add[1-2]", "test_calc::test_add[1-2]")]
    [InlineData("pkg/sub/test_a.py::test_b", "pkg.sub.test_a::test_b")]
    public void CaseIdOf_NodeId_IsTheIdTheResultsGiveIt(string nodeId, string caseId) => PytestCollector.CaseIdOf(nodeId).ShouldBe(caseId);

    public void Dispose() => _meeting.Dispose();

    static async Task<TestRunDetails> RunAsync(HistoryHarness harness, TestRunStart start)
    {
        var run = await harness.Runs.StartAsync(start, Token);
        await harness.Runs.WaitAsync(run.Id, Token);
        return (await harness.Store.GetAsync(run.Id, null, Token))!;
    }

    static void Write(HistoryHarness harness, string path, string text)
    {
        var full = Path.Combine(harness.Workspace.Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
