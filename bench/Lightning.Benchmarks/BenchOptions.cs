using System.Globalization;

namespace Lightning.Benchmarks;

/// <summary>Command-line settings. <c>--quick</c> shrinks every phase so a run only proves the benchmark still works.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: Lightning.Benchmarks [--quick] [--json FILE] [--clients N] [--duration SECONDS] [--warmup SECONDS]
                                    [--rounds N] [--iterations N] [--command PATH] [--data-dir DIR] [--server-env NAME=VALUE]... [--skip-wrk]
                                    [--only agent-list|action-start|bus|scheduler|git|flaky|test-generation|test-selection|test-watch|collectors|metricstore|ingest|anomaly|alerting|dashboard] [--series N] [--breaches N] [--seed N | --seeds A-B] [--messages N] [--publishers N] [--prefetch N] [--bodies N]

          --quick          run every phase briefly and only check that it works (exit code 1 on any error)
          --json FILE      also write the results as JSON
          --clients N      concurrent clients for the agent list load (default 50)
          --duration S     measured seconds of each agent-list run (default 10, quick 1)
          --warmup S       warm-up seconds before the first agent-list run (default 10, quick 1)
          --rounds N       alternating rounds of HttpClient and wrk, or of the buses (default 3, quick 1); measured rounds of
                           the git benchmark (default 7, quick 1)
          --iterations N   measured starts of each kind in the action benchmark (default 200, quick 10)
          --command PATH   the trivial command started (default /bin/true)
          --data-dir DIR   where the server's fresh data directory is made (default: the system temp directory);
                           a tmpfs such as /dev/shm shows what the database's fsyncs cost
          --server-env N=V set an environment variable for the server process, e.g. DOTNET_GCDynamicAdaptationMode=0
                           to try a runtime setting (repeatable; the defaults are the server's own runtimeconfig)
          --skip-wrk       do not run wrk
          --only NAME      run one benchmark: agent-list, action-start, or bus (the message-bus benchmark, which runs only
                           when asked for: embedded vs RabbitMQ vs Redis Streams, using LIGHTNING_TEST_RABBITMQ and
                           LIGHTNING_TEST_REDIS from scripts/services/{rabbitmq,redis}.sh; a bus without its variable is skipped)
                           scheduler: the collaboration engine with no-op agents (throughput, ready-to-start latency, event log
                           growth, kill -9 recovery, replay of a 100-subtask recording); also part of --quick when no --only is given
                           git: the platform's git reads and conflict predictor against the git CLI on a generated repository
                           of 10,000 commits and 5,000 files (made once with git fast-import, cached under the data directory)
                           collectors: issue 6's collector overhead (host + process + meter collectors, % of a core and MB added)
                           metricstore: the embedded metric store against InfluxDB 1.6.7 (influxd started by the benchmark):
                           ingest, bytes per point after compaction, 1 series x 1 h raw and 100 series x 24 h 1-minute means
                           anomaly: issue 6 benchmark 5, the consensus anomaly detector point by point over generated series
                           with injected anomalies and their clean copies, pooled over seeds (--series, default 300, quick 10;
                           --seeds A-B, default 1-30, quick seed 2; --seed N for one)
                           alerting: issue 6 benchmark 4, a breaching sample written to /write until the webhook arrives, on the
                           real server with default alert settings (--breaches, default 20, quick 3)
                           dashboard: issue 6 benchmark 6 in Chromium (node bench/dashboard): a 166,000-point chart's render
                           time and a live point's latency from /write to the explorer's chart (needs npm ci in bench/dashboard
                           and web/, and web/dist built)
          --messages N     messages per bus run (default 20000, quick 500)
          --publishers N   concurrent publishers, each awaiting its own publish (default 32)
          --prefetch N     the consumer's prefetch (default 256)
          --bodies N       line-protocol bodies of 5,000 lines per ingest round (default 600, i.e. 3M points: several seconds
                           of each side, so one DuckDB checkpoint or influxd compaction does not decide a round; quick 10)
        """;

    public bool Quick { get; private set; }

    public string? JsonPath { get; private set; }

    public int Clients { get; private set; } = 50;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(10);

    public int Rounds { get; private set; } = 3;

    public int Iterations { get; private set; } = 200;

    public int WarmupIterations { get; private set; } = 20;

    public string Command { get; private set; } = "/bin/true";

    public bool SkipWrk { get; private set; }

    public string? DataParent { get; private set; }

    public bool RunAgentList { get; private set; } = true;

    public bool RunActionStart { get; private set; } = true;

    /// <summary>The message-bus benchmark runs only with <c>--only bus</c>, so the default run's duration stays as it was.</summary>
    public bool RunBus { get; private set; }

    /// <summary>The scheduler benchmark runs with <c>--only scheduler</c>, and briefly in <c>--quick</c> without <c>--only</c>.</summary>
    public bool RunScheduler { get; private set; }

    /// <summary>Issue 5's selection (<c>--only test-selection</c>) and watch latency (<c>--only test-watch</c>) benchmarks.</summary>
    public bool RunTestSelection { get; private set; }

    public bool RunTestWatch { get; private set; }

    /// <summary>The git benchmark runs only with <c>--only git</c>.</summary>
    public bool RunGit { get; private set; }

    /// <summary>Benchmark 2 of issue 5 (flaky detection) runs only with <c>--only flaky</c>.</summary>
    public bool RunFlaky { get; private set; }

    /// <summary>Issue 6's ingest benchmark (<c>--only ingest</c>): HTTP line protocol, ours vs influxd.</summary>
    public bool RunIngest { get; private set; }

    /// <summary><c>--only anomaly</c>: issue 6's anomaly detection benchmark (Anomaly/).</summary>
    public bool RunAnomaly { get; private set; }

    public int AnomalySeries { get; private set; } = 300;

    /// <summary><c>--only alerting</c>: issue 6's breach-to-notification latency (Alerting/); <c>--breaches</c> measured breaches.</summary>
    public bool RunAlerting { get; private set; }

    public int AlertingBreaches { get; private set; } = 20;

    /// <summary>
    /// The corpus seeds of the anomaly benchmark, pooled: the target is a rate (1 false alert per 100 series-days), and one
    /// seed of 300 series-days sees about 2 of them, too few to judge a rate by. <c>--seed N</c> runs one seed.
    /// </summary>
    public int AnomalyFirstSeed { get; private set; } = 1;

    public int AnomalyLastSeed { get; private set; } = 30;
    /// <summary><c>--only test-generation</c>: benchmark 4, test generation acceptance (TestGeneration/).</summary>
    public bool RunTestGeneration { get; private set; }

    /// <summary><c>--only collectors</c>: issue 6's collector overhead (Collectors/).</summary>
    public bool RunCollectors { get; private set; }

    /// <summary><c>--only dashboard</c>: issue 6's benchmark 6, charts in Chromium (Dashboard/, bench/dashboard/).</summary>
    public bool RunDashboard { get; private set; }

    /// <summary><c>--only metricstore</c>: issue 6's storage benchmarks (MetricStore/).</summary>
    public bool RunMetricStore { get; private set; }

    /// <summary>Measured rounds of the git benchmark: <c>--rounds</c> when given, else 7 (quick 1); each round is short.</summary>
    public int GitRounds => _roundsGiven ? Rounds : Quick ? 1 : 7;

    bool _roundsGiven;

    public int BusMessages { get; private set; } = 20_000;

    public int BusPublishers { get; private set; } = 32;

    public int BusPrefetch { get; private set; } = 256;

    /// <summary>
    /// Bodies per ingest round (<c>--bodies</c>). 600 × 5,000 lines = 3M points: about 3 s of ours and 7 s of influxd on
    /// an idle machine; with the former 200, a round was ~1 s of ours and one checkpoint inside it moved it by a third.
    /// </summary>
    public int IngestBodies { get; private set; } = 600;

    public Dictionary<string, string> ServerEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Null (with a message on <paramref name="error"/>) when the arguments are wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var options = new BenchOptions();
        var only = false;
        if (args.Contains("--quick", StringComparer.Ordinal))
        {
            options.Quick = true;
            options.Duration = TimeSpan.FromSeconds(1);
            options.Warmup = TimeSpan.FromSeconds(1);
            options.Rounds = 1;
            options.Iterations = 10;
            options.WarmupIterations = 2;
            options.BusMessages = 500;
            options.AnomalySeries = 10;
            (options.AnomalyFirstSeed, options.AnomalyLastSeed) = (2, 2);
            options.AlertingBreaches = 3;
            options.IngestBodies = 10;
        }

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{name} needs a value.");
            try
            {
                switch (name)
                {
                    case "--quick":
                        break;
                    case "--skip-wrk":
                        options.SkipWrk = true;
                        break;
                    case "--json":
                        options.JsonPath = Value();
                        break;
                    case "--clients":
                        options.Clients = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--duration":
                        options.Duration = TimeSpan.FromSeconds(Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)));
                        break;
                    case "--warmup":
                        options.Warmup = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--rounds":
                        options.Rounds = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        options._roundsGiven = true;
                        break;
                    case "--iterations":
                        options.Iterations = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--messages":
                        options.BusMessages = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--publishers":
                        options.BusPublishers = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--prefetch":
                        options.BusPrefetch = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--bodies":
                        options.IngestBodies = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--series":
                        options.AnomalySeries = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--breaches":
                        options.AlertingBreaches = Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture));
                        break;
                    case "--seed":
                        options.AnomalyFirstSeed = options.AnomalyLastSeed = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--seeds":
                        var range = Value().Split('-', 2);
                        (options.AnomalyFirstSeed, options.AnomalyLastSeed) = range.Length == 2
                            && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                            && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) && first <= last
                            ? (first, last)
                            : throw new FormatException($"{name} takes a range FIRST-LAST, such as 1-30.");
                        break;
                    case "--command":
                        options.Command = Value();
                        break;
                    case "--server-env":
                        {
                            var pair = Value().Split('=', 2);
                            if (pair.Length != 2 || pair[0].Length == 0)
                            {
                                throw new FormatException("--server-env takes NAME=VALUE.");
                            }

                            options.ServerEnvironment[pair[0]] = pair[1];
                            break;
                        }

                    case "--only":
                        {
                            var benchmark = Value();
                            only = true;
                            options.RunAgentList = benchmark == "agent-list";
                            options.RunActionStart = benchmark == "action-start";
                            options.RunBus = benchmark == "bus";
                            options.RunScheduler = benchmark == "scheduler";
                            options.RunGit = benchmark == "git";
                            options.RunFlaky = benchmark == "flaky";
                            options.RunIngest = benchmark == "ingest";
                            options.RunAnomaly = benchmark == "anomaly";
                            options.RunAlerting = benchmark == "alerting";
                            options.RunTestGeneration = benchmark == "test-generation";
                            options.RunTestSelection = benchmark == "test-selection";
                            options.RunTestWatch = benchmark == "test-watch";
                            options.RunCollectors = benchmark == "collectors";
                            options.RunMetricStore = benchmark == "metricstore";
                            options.RunDashboard = benchmark == "dashboard";
                            if (!options.RunAgentList && !options.RunActionStart && !options.RunBus && !options.RunScheduler && !options.RunGit
                                && !options.RunFlaky && !options.RunIngest && !options.RunAnomaly && !options.RunAlerting && !options.RunTestGeneration && !options.RunTestSelection && !options.RunTestWatch
                                && !options.RunCollectors && !options.RunMetricStore && !options.RunDashboard)
                            {
                                throw new FormatException("--only takes agent-list, action-start, bus, scheduler, git, flaky, ingest, anomaly, alerting, test-generation, test-selection, test-watch, collectors, metricstore or dashboard.");
                            }

                            break;
                        }

                    case "--data-dir":
                        options.DataParent = Path.GetFullPath(Value());
                        break;
                    case "-h" or "--help":
                        error.WriteLine(Usage);
                        return null;
                    default:
                        throw new FormatException($"Unknown option '{name}'.");
                }
            }
            catch (FormatException ex)
            {
                error.WriteLine($"error: {ex.Message}");
                error.WriteLine(Usage);
                return null;
            }
        }

        if (options.Quick && !only)
        {
            options.RunScheduler = true;
        }

        options.Rounds = options.RunBus || options.RunScheduler || options.RunGit ? options.Rounds : Math.Min(options.Rounds, options.Iterations);
        return options;
    }

    static T Positive<T>(string name, T value) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new FormatException($"{name} must be positive.");
}
