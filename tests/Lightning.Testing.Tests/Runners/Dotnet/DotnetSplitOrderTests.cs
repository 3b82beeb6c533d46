using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Runners.Dotnet;

namespace Lightning.Testing.Tests.Runners.Dotnet;

/// <summary>
/// The dotnet adapter's command around a coverage collector's <c>--</c> and for the rest of a split run, and the split
/// itself (which tests go first, and the note when there is none); the real split runs in <c>SmartRunOrderTests</c>.
/// </summary>
public sealed class DotnetSplitOrderTests
{
    const string Scratch = "/tmp/pass-1";

    static ProjectContext Context(IReadOnlyList<string> command, string? variant = "xunit.v3", bool prebuilt = false) => new(
        new DetectedTestProject(TestFramework.DotnetTest, "dotnet test", ".", "C#", variant, true, null, [], ["**/*.cs"], 1, [], [], [], command),
        "/repo",
        new ToolchainReport(TestFramework.DotnetTest, "dotnet-test", ".", true, []),
        "/usr/bin",
        "/tmp") { Prebuilt = prebuilt };

    static async Task<IReadOnlyList<string>> PlanAsync(RunPass pass) => (await new DotnetAdapter().PlanAsync(pass, TestContext.Current.CancellationToken)).Command;

    [Fact]
    public async Task PlanAsync_CoverletCommand_OptionsBeforeItsRunSettings_TrxByFullPath()
    {
        var context = Context(["dotnet", "test", "T.csproj", "--collect", "XPlat Code Coverage", "--results-directory", "/out", "--", "Format=cobertura"], "nunit", prebuilt: true);

        var command = await PlanAsync(new RunPass(context, 1, ["Ns.C.M"], Scratch));

        command.ShouldBe(["dotnet", "test", "T.csproj", "--collect", "XPlat Code Coverage", "--results-directory", "/out", "--no-build",
            "--logger", "trx;LogFileName=/tmp/pass-1/lightning.trx", "--logger", "console;verbosity=normal", "--filter", "FullyQualifiedName=Ns.C.M",
            "--", "Format=cobertura", "NUnit.DisplayName=FullName"]);
    }

    [Fact]
    public async Task PlanAsync_RestOfASplitRun_ExcludesTheFirstTests()
    {
        var vstest = await PlanAsync(new RunPass(Context(["dotnet", "test", "T.csproj"]), 1, [], Scratch) { Excluded = ["Ns.C.Fails", "Ns.C.Odd(1)"] });
        var platform = await PlanAsync(new RunPass(Context(["dotnet", "test", "--project", "T.csproj"]), 1, [], Scratch) { Excluded = ["Ns.C.Fails", "Ns.D.Fails"] });

        vstest.ShouldContain(@"FullyQualifiedName!=Ns.C.Fails&FullyQualifiedName!=Ns.C.Odd\(1\)");
        vstest[vstest.ToList().IndexOf("--filter") + 1].ShouldBe(@"FullyQualifiedName!=Ns.C.Fails&FullyQualifiedName!=Ns.C.Odd\(1\)");
        platform.ShouldNotContain("--filter-method");
        string.Join(' ', platform).ShouldEndWith("--filter-not-method Ns.C.Fails --filter-not-method Ns.D.Fails");
    }

    static OrderedRunTest Test(string id, bool prone) => new(".", id, null) { FailureProne = prone };

    [Fact]
    public void PlanSplit_FailureProneFirst_InTheSmartOrder_AsMethodSelectors()
    {
        List<OrderedRunTest> history = [Test("Ns.Z::Fails", true), Test("Ns.A::Odd(value: 1)", true), Test("Ns.A::Odd(value: 2)", true), Test("Ns.A::Fast", false)];

        var split = TestRunner.PlanSplit(new DotnetAdapter(), Context(["dotnet", "test"]), history, [], coverage: false);

        split.First.ShouldBe(["Ns.Z.Fails", "Ns.A.Odd"]);
        split.Rest.ShouldBeEmpty();
        split.Note.ShouldStartWith("Smart order (split: dotnet-test takes no test order): the 2 tests that failed recently or often ran first in one invocation (Ns.Z.Fails, Ns.A.Odd), then every other test in a second;");
    }

    [Fact]
    public void PlanSplit_WithASelection_SplitsOnlyTheSelectedTests()
    {
        List<OrderedRunTest> history = [Test("Ns.Z::Fails", true), Test("Ns.A::Odd(value: 1)", true), Test("Ns.A::Fast", false)];

        // A shard's names: NUnit's carry arguments; the history ranks methods.
        var split = TestRunner.PlanSplit(new DotnetAdapter(), Context(["dotnet", "test"]), history, ["Ns.A.Fast", "Ns.A.Odd(1)", "Ns.A.Odd(2)"], coverage: false);

        split.First.ShouldBe(["Ns.A.Odd(1)", "Ns.A.Odd(2)"]);
        split.Rest.ShouldBe(["Ns.A.Fast"]);
    }

    [Fact]
    public void PlanSplit_NoSplit_SaysWhy()
    {
        var adapter = new DotnetAdapter();
        var context = Context(["dotnet", "test"]);

        TestRunner.PlanSplit(adapter, context, [], [], coverage: false).ShouldSatisfyAllConditions(
            split => split.First.ShouldBeEmpty(), split => split.Note.ShouldStartWith("Smart order: no history of these tests yet"));
        TestRunner.PlanSplit(adapter, context, [Test("Ns.A::Fast", false)], [], coverage: false).Note.ShouldStartWith("Smart order: none of these tests failed in their recent runs");
        TestRunner.PlanSplit(adapter, context, [Test("Ns.Z::Fails", true)], [], coverage: true).Note.ShouldStartWith("Smart order not applied: dotnet-test takes no test order, and a coverage run");
        TestRunner.PlanSplit(adapter, context, [Test("Ns.Z::Fails", true)], ["Ns.Z.Fails"], coverage: false).First.ShouldBeEmpty();
    }

    [Fact]
    public void MergeInvocations_SuitesOfTheSameNameBecomeOne_FirstInvocationsCasesFirst()
    {
        static TestCase Case(string name, TestOutcome outcome) => new() { Id = "Ns.C::" + name, Name = name, ClassName = "Ns.C", Outcome = outcome };
        var first = new TestRun { Suites = [new TestSuite { Name = "T.dll", Cases = [Case("Fails", TestOutcome.Failed)] }] };
        var second = new TestRun { Suites = [new TestSuite { Name = "T.dll", Cases = [Case("Passes", TestOutcome.Passed)] }, new TestSuite { Name = "Other.dll" }] };

        var merged = TestRunner.MergeInvocations(first, second);

        merged.Suites.Select(suite => suite.Name).ShouldBe(["T.dll", "Other.dll"]);
        merged.EnumerateCases().Select(testCase => testCase.Name).ShouldBe(["Fails", "Passes"]);
        (merged.Totals.Failed, merged.Totals.Passed).ShouldBe((1, 1));
    }
}
