using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners;

/// <summary>
/// How one framework is run by <see cref="TestRunner"/>: the arguments that make it write its report into the pass's
/// scratch directory and tell its progress live, how that progress is read, how the report is read, and how tests
/// are selected (a user's selection, a retry of failed cases).
/// </summary>
internal abstract class FrameworkAdapter
{
    public abstract TestFramework Framework { get; }

    /// <summary>A tool the framework needs that the toolchain probe does not check (jest-junit): the message naming the package, or null.</summary>
    public virtual string? MissingTool(ProjectContext context) => null;

    /// <summary>A detected preparation step, ready to run (programs resolved; build output sent to the scratch directory).</summary>
    public virtual IReadOnlyList<string> Preparation(ProjectContext context, IReadOnlyList<string> step)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Toolchain.Resolve(step);
    }

    public abstract Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken);

    public abstract LiveTranslator CreateTranslator(RunPass pass, LiveRun live);

    /// <summary>The pass's report, or null when the framework wrote none (it crashed, it was killed).</summary>
    /// <exception cref="MalformedReportException">The report cannot be read; the message names the file and line.</exception>
    public abstract Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken);

    /// <summary>
    /// Why a process wrote no report, read from its <paramref name="output"/> (a build's compiler errors), or null: the
    /// message then shows the output's last lines.
    /// </summary>
    public virtual string? WhyNoReport(ProjectContext context, string output) => null;

    /// <summary>False for a command with no way to select tests (the custom runner): no selection, no retries.</summary>
    public virtual bool CanSelect => true;

    /// <summary>True when <see cref="PlanAsync"/> applies <see cref="RunPass.Order"/> (pytest, Jest, go test).</summary>
    public virtual bool CanOrder => false;

    /// <summary>
    /// True when the framework takes no order but selects and excludes tests (<see cref="RunPass.Excluded"/>): a smart
    /// order then runs the failure-prone tests in a first invocation and the rest in a second (dotnet test).
    /// </summary>
    public virtual bool SplitsOrder => false;

    /// <summary>What selects a test a user named: a case id as reports write them, or else the framework's own selector, kept as is.</summary>
    public virtual string SelectorFor(ProjectContext context, string test) => test;

    /// <summary>What selects a case of a report again, for a retry; <paramref name="liveSelector"/> is what the framework said while running.</summary>
    public abstract string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector);
}
