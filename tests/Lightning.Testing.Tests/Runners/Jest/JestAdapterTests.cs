using Lightning.Testing.Results;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Jest;

public sealed class JestAdapterTests : FrameworkRunTests
{
    internal override RunnerKit NewKit() => RunnerKit.WithJest();

    internal override void Write(FixtureWorkspace workspace) => RunnerFixtures.Jest(workspace);

    protected override string Passing => "calc::passes";

    protected override string Failing => "calc::fails";

    protected override string Skipped => "calc::skipped";

    protected override string Flaky => "calc::flaky";

    protected override string Output => "calc::writes output";

    /// <summary>
    /// Jest buffers console output per test file when files run in workers (jest-junit then writes it into the file's
    /// suite); a single file runs in band and its console goes straight to Jest's stderr, the run's.
    /// </summary>
    protected override string? OutputIn(TestRun run) => run.EnumerateSuites().Single(suite => suite.Name == "calc.test.js").Stdout ?? run.Stderr;

    [Fact]
    public async Task RunAsync_NestedAndTopLevelIds_SelectTheirTests()
    {
        using var kit = NewKit();
        Write(kit.Workspace);

        var result = await kit.RunSingleAsync(kit.Request(tests: ["calc › nested::passes deeper", "calc.test.js::top level passes"]));

        var outcomes = RunnerKit.Outcomes(result.Run);
        outcomes.Where(pair => pair.Value != "skipped").Select(pair => pair.Key).ShouldBe(["calc › nested::passes deeper", "calc.test.js::top level passes"], ignoreOrder: true);
    }

    [Fact]
    public async Task RunAsync_NativeEsmProject_RunsWithVmModulesAddedToNodeOptions()
    {
        // "type": "module" with no transform: Jest loads the tests as ES modules, which it can only do under
        // --experimental-vm-modules; without it every file fails with "Cannot use import statement outside a module".
        using var kit = NewKit();
        kit.Workspace
            .Write("repo/package.json", """{ "name": "esm", "private": true, "type": "module", "scripts": { "test": "jest" }, "devDependencies": { "jest": "^30.0.0" }, "jest": { "transform": {} } }""")
            .Write("repo/sum.js", "export const sum = (a, b) => a + b;\n")
            .Write("repo/data/one.json", "{ \"value\": 1 }\n")
            .Write("repo/sum.test.js", """
                import { sum } from './sum.js';
                import one from './data/one.json' with { type: 'json' };

                test('adds imported data', () => { expect(sum(one.value, 2)).toBe(3); });
                """)
            .Write("repo/more.test.mjs", "import { sum } from './sum.js';\n\ntest('runs an mjs test', () => { expect(sum(2, 2)).toBe(4); });\n");

        var result = await kit.RunSingleAsync(kit.Request());

        RunnerKit.Outcomes(result.Run).ShouldBe(new Dictionary<string, string>
        {
            ["sum.test.js::adds imported data"] = "passed",
            ["more.test.mjs::runs an mjs test"] = "passed",
        }, ignoreOrder: true);
    }
}
