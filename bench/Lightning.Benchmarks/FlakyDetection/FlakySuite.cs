using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lightning.Benchmarks.FlakyDetection;

/// <summary>What a generated test really is: the ground truth the detector is scored against.</summary>
internal enum InjectedKind { Stable, Random, TimeDependent, OrderDependent, Broken }

/// <summary>The two tests of the real order-dependent pair: the victim fails after the polluter has run.</summary>
internal enum OrderRole { None, Victim, Polluter }

/// <param name="FirstFailureLast">A random flaky test whose first failure is in the latest run: history cannot tell, a rerun must.</param>
/// <param name="Role">Part of the order-dependent pair, whose tests really depend on each other's order (the order check's ground truth).</param>
internal sealed record InjectedTest(
    string Id, int Module, string Name, InjectedKind Kind, int BreakAt = -1, int FixAt = -1, bool FirstFailureLast = false, OrderRole Role = OrderRole.None);

/// <summary>
/// A generated pytest repository (a real git repository: modules <c>mNN.py</c>, tests <c>tests/test_mNN.py</c>
/// importing them) with injected flaky tests (random, time-dependent, order-dependent), broken tests (broken by a
/// commit to their module, half fixed later) and stable ones, and a simulated history of runs over its commits. The
/// order-dependent tests flip coins when run for real, except one real pair in module 0 (<see cref="Victim"/> fails
/// after <see cref="Polluter"/>), which the order check must find.
/// </summary>
internal sealed class FlakySuite
{
    public const int Modules = 40;
    public const int TestsPerModule = 10;

    public FlakySuite(string root, int runs, int seed)
    {
        Root = root;
        Runs = runs;
        var random = new Random(seed);
        var tests = new List<InjectedTest>();
        for (var module = 0; module < Modules; module++)
        {
            for (var index = 0; index < TestsPerModule; index++)
            {
                var slot = (module * TestsPerModule) + index;
                // 400 tests: 30 random (10 of them failing for the first time in the latest run), 10 time-dependent,
                // 10 order-dependent flaky, 20 broken, 330 stable.
                var kind = (slot % 20) switch
                {
                    3 => InjectedKind.Random,
                    15 when slot % 40 == 15 => InjectedKind.Random,
                    7 => slot % 40 == 7 ? InjectedKind.TimeDependent : InjectedKind.OrderDependent,
                    11 => InjectedKind.Broken,
                    _ => InjectedKind.Stable,
                };
                var name = $"test_case_{index}";
                var breakAt = kind == InjectedKind.Broken ? random.Next(runs / 4, runs - 4) : -1;
                var fixAt = kind == InjectedKind.Broken && slot % 40 == 11 ? Math.Min(runs - 1, breakAt + random.Next(3, 10)) : -1;
                tests.Add(new InjectedTest($"tests.test_m{module:00}::{name}", module, name, kind, breakAt, fixAt, FirstFailureLast: slot % 40 == 15));
            }
        }

        // The real order-dependent pair, in module 0: the victim is defined (and recorded) first, so it passes in the
        // suite's own order and fails when the polluter runs before it.
        tests.Add(new InjectedTest("tests.test_m00::test_order_reads_session", 0, "test_order_reads_session", InjectedKind.OrderDependent, Role: OrderRole.Victim));
        tests.Add(new InjectedTest("tests.test_m00::test_order_fills_session", 0, "test_order_fills_session", InjectedKind.Stable, Role: OrderRole.Polluter));
        Tests = tests;
    }

    public InjectedTest Victim => Tests.Single(t => t.Role == OrderRole.Victim);

    public InjectedTest Polluter => Tests.Single(t => t.Role == OrderRole.Polluter);

    public string Root { get; }

    public int Runs { get; }

    public IReadOnlyList<InjectedTest> Tests { get; }

    public List<string> Commits { get; } = [];

    /// <summary>The hour of day run <paramref name="run"/> happened at: the runs walk around the clock.</summary>
    public static int HourOf(int run) => (run * 5) % 24;

    /// <summary>Creates the repository: one commit per run; each commit changes one or two modules (churn) and the docs, and breaks or fixes the broken tests' modules at their commits.</summary>
    public void Create(int seed)
    {
        var random = new Random(seed + 1);
        Directory.CreateDirectory(Path.Combine(Root, "tests"));
        File.WriteAllText(Path.Combine(Root, "pytest.ini"), "[pytest]\n");
        for (var module = 0; module < Modules; module++)
        {
            File.WriteAllText(Path.Combine(Root, $"m{module:00}.py"), Module(module, 0, broken: false));
            File.WriteAllText(Path.Combine(Root, "tests", $"test_m{module:00}.py"), TestFile(module));
        }

        Git("init", "-q", "-b", "main");
        for (var run = 0; run < Runs; run++)
        {
            File.WriteAllText(Path.Combine(Root, "README.md"), $"revision {run}\n");
            var touched = new HashSet<int> { random.Next(Modules) };
            foreach (var test in Tests.Where(t => t.BreakAt == run || t.FixAt == run))
            {
                touched.Add(test.Module);
            }

            foreach (var module in touched)
            {
                var broken = Tests.Any(t => t.Module == module && t.Kind == InjectedKind.Broken && run >= t.BreakAt && (t.FixAt < 0 || run < t.FixAt));
                File.WriteAllText(Path.Combine(Root, $"m{module:00}.py"), Module(module, run, broken));
            }

            Git("add", "-A");
            Git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", $"revision {run}");
            Commits.Add(Git("rev-parse", "HEAD").Trim());
        }
    }

    /// <summary>Whether the injected test failed in run <paramref name="run"/> (the simulated history).</summary>
    public bool Fails(InjectedTest test, int run, Random random) => test.Kind switch
    {
        InjectedKind.Random when test.FirstFailureLast => run == Runs - 1,
        InjectedKind.Random => random.NextDouble() < 0.2,
        InjectedKind.TimeDependent => HourOf(run) is 23 or 0 or 1 && random.NextDouble() < 0.9,
        InjectedKind.OrderDependent => random.NextDouble() < 0.25, // CI shuffles: the polluter ran first in a quarter of the runs
        InjectedKind.Broken => run >= test.BreakAt && (test.FixAt < 0 || run < test.FixAt),
        _ => false,
    };

    /// <summary>A run's JUnit XML report, as pytest (xunit2) writes it.</summary>
    public string Report(int run, Random random)
    {
        // Runs every five hours from 1 October: the history walks around the clock, as HourOf says.
        var at = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(run * 5);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<testsuites timestamp=\"{at:yyyy-MM-ddTHH:mm:ss}\" time=\"30\"><testsuite name=\"pytest\">");
        foreach (var test in Tests)
        {
            var ms = 20 + (test.Module * 7 % 50) + random.Next(5);
            text.Append(CultureInfo.InvariantCulture, $"<testcase classname=\"tests.test_m{test.Module:00}\" name=\"{test.Name}\" time=\"{ms / 1000.0:0.000}\">");
            if (Fails(test, run, random))
            {
                var message = test.Kind switch
                {
                    InjectedKind.TimeDependent => "AssertionError: expected the report for today, got yesterday's",
                    InjectedKind.Broken => $"AssertionError: assert {run} == 0",
                    _ => "AssertionError: assert False",
                };
                text.Append(CultureInfo.InvariantCulture, $"<failure message=\"{message}\">trace</failure>");
            }

            text.Append("</testcase>");
        }

        return text.Append("</testsuite></testsuites>").ToString();
    }

    static string Module(int module, int revision, bool broken) =>
        $"# module {module}, revision {revision}\n\ndef value():\n    return {(broken ? 1 : 0)}\n";

    /// <summary>The tests for real (what a rerun runs): random ones flip a coin, broken ones check their module's value.</summary>
    string TestFile(int module)
    {
        var text = new StringBuilder($"import random\n\nimport m{module:00}\n\nSESSION = {{}}\n\n");
        foreach (var test in Tests.Where(t => t.Module == module))
        {
            text.Append(CultureInfo.InvariantCulture, $"\ndef {test.Name}():\n");
            text.Append(test.Role switch
            {
                OrderRole.Victim => $"    assert \"user\" not in SESSION, \"session left over by another test\"\n",
                OrderRole.Polluter => "    SESSION[\"user\"] = \"bench\"\n",
                _ => test.Kind switch
                {
                    InjectedKind.Random or InjectedKind.OrderDependent or InjectedKind.TimeDependent => "    assert random.random() >= 0.2\n",
                    _ => $"    assert m{module:00}.value() == 0\n",
                },
            });
        }

        return text.ToString();
    }

    string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
    }
}
