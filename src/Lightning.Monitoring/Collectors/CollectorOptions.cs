using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Collectors;

/// <summary>
/// Which collectors run and how often (<c>Lightning:Monitoring:Collectors</c>). Intervals are TimeSpans ("00:00:10"), at least one
/// second. Postgres connection strings are secrets: they are never logged nor returned.
/// </summary>
public sealed class CollectorOptions
{
    public const string SectionName = "Lightning:Monitoring:Collectors";

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The <c>host</c> tag every collected series carries; empty means the machine name. Set it where the machine name
    /// says nothing (containers get random ones) or two servers share one.
    /// </summary>
    public string? HostName { get; set; }

    public HostCollectorOptions Host { get; set; } = new();

    public ProcessCollectorOptions Processes { get; set; } = new();

    public RuntimeCollectorOptions Runtime { get; set; } = new();

    public HttpCheckCollectorOptions Http { get; set; } = new();

    public QueryProfilerOptions Queries { get; set; } = new();

    public PostgresStatementsOptions Postgres { get; set; } = new();
}

public sealed class HostCollectorOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Where procfs is mounted; another root (a container's /host/proc, a test's fixture) reads that instead.</summary>
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Block devices left out of diskio (loop and ram devices carry no real I/O).</summary>
    public List<string> IgnoreDevicePrefixes { get; set; } = ["loop", "ram"];

    /// <summary>Filesystem types left out of disk: pseudo filesystems, and tmpfs as Telegraf leaves it out (memory, not disk).</summary>
    public List<string> IgnoreFileSystems { get; set; } =
    [
        "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs", "pstore", "bpf", "debugfs", "tracefs",
        "configfs", "fusectl", "mqueue", "hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "squashfs", "tmpfs", "devfs", "iso9660",
        "efivarfs", "selinuxfs", "ramfs",
    ];
}

public sealed class ProcessCollectorOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the platform's own process is watched.</summary>
    public bool IncludeSelf { get; set; } = true;

    public List<ProcessTarget> Targets { get; set; } = [];

    /// <summary>Whether the processes the platform runs (through Core's process runner) are sampled, per program name.</summary>
    public bool IncludePlatform { get; set; } = true;

    /// <summary>
    /// Whether the live descendants of platform-run processes (a test host under <c>dotnet test</c>, the JVM a build
    /// forks) are added to their program's figures, and counted in <c>child_processes</c>.
    /// </summary>
    public bool FollowChildren { get; set; } = true;

    /// <summary>
    /// Program names that get their own series of platform-run processes; further programs are added up under
    /// <c>process_name=(other)</c>, so a platform that runs many different programs cannot flood the series list.
    /// </summary>
    public int MaxPlatformSeries { get; set; } = 50;
}

/// <summary>Processes to watch: one pid, or every process whose name (comm) or command line matches a regular expression.</summary>
public sealed class ProcessTarget
{
    public int? Pid { get; set; }

    public string? NamePattern { get; set; }

    public string? CommandLinePattern { get; set; }
}

public sealed class RuntimeCollectorOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Meters listened to: the .NET runtime, ASP.NET Core hosting (response times per route), Kestrel and the platform's own.</summary>
    public List<string> Meters { get; set; } =
        ["System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Lightning"];

    /// <summary>
    /// Tag combinations kept per instrument. Beyond it, measurements are added up in one series tagged
    /// <c>otel.metric.overflow=true</c> (OpenTelemetry's cardinality-limit convention), so a tag with unbounded values
    /// (a user id, a raw path) cannot flood the store.
    /// </summary>
    public int MaxSeriesPerInstrument { get; set; } = 2000;
}

public sealed class HttpCheckCollectorOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    public List<HttpCheck> Checks { get; set; } = [];
}

/// <summary>A synthetic check of one URL.</summary>
public sealed class HttpCheck
{
    /// <summary>The check's name, its <c>check</c> tag; defaults to the URL's host and path.</summary>
    public string? Name { get; set; }

    public string Url { get; set; } = string.Empty;

    public string Method { get; set; } = "GET";

    /// <summary>Statuses that count as success; empty means any 2xx.</summary>
    public List<int> ExpectedStatus { get; set; } = [];

    /// <summary>Text the body must contain for success (ordinal); null to not read the body.</summary>
    public string? BodyContains { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Accept a certificate that does not validate (self-signed); its expiry is still reported.</summary>
    public bool AllowUntrustedCertificate { get; set; }
}

public sealed class QueryProfilerOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The slowest statements (by total time in the interval) written each interval.</summary>
    public int TopStatements { get; set; } = 20;

    /// <summary>Distinct normalised statements kept; more are counted under one "(other)" statement.</summary>
    public int MaxStatements { get; set; } = 2000;
}

public sealed class PostgresStatementsOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Statements written per server each read: those with the most execution time since the previous read.</summary>
    public int TopStatements { get; set; } = 50;

    public List<PostgresServer> Servers { get; set; } = [];
}

/// <summary>A monitored PostgreSQL server. The connection string is a secret.</summary>
public sealed class PostgresServer
{
    /// <summary>The <c>server</c> tag.</summary>
    public string Name { get; set; } = string.Empty;

    public string ConnectionString { get; set; } = string.Empty;

    public override string ToString() => Name;
}

internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var errors = new List<string>();
        void Interval(string what, TimeSpan interval)
        {
            if (interval < CollectorOptions.MinimumInterval)
                errors.Add($"{CollectorOptions.SectionName}:{what}:Interval must be at least 1 second (was {interval}).");
        }

        Interval("Host", options.Host.Interval);
        Interval("Processes", options.Processes.Interval);
        Interval("Runtime", options.Runtime.Interval);
        Interval("Http", options.Http.Interval);
        Interval("Queries", options.Queries.Interval);
        Interval("Postgres", options.Postgres.Interval);
        if (options.HostName is { Length: > 0 } hostName && (string.IsNullOrWhiteSpace(hostName) || hostName.Any(char.IsControl)))
            errors.Add($"{CollectorOptions.SectionName}:HostName must be printable text (or empty for the machine name).");
        if (string.IsNullOrWhiteSpace(options.Host.ProcRoot)) errors.Add($"{CollectorOptions.SectionName}:Host:ProcRoot is empty.");
        if (options.Processes.MaxPlatformSeries < 1)
            errors.Add($"{CollectorOptions.SectionName}:Processes:MaxPlatformSeries must be at least 1 (was {options.Processes.MaxPlatformSeries}).");
        for (var i = 0; i < options.Processes.Targets.Count; i++)
        {
            var target = options.Processes.Targets[i];
            if (target.Pid is null && string.IsNullOrEmpty(target.NamePattern) && string.IsNullOrEmpty(target.CommandLinePattern))
                errors.Add($"{CollectorOptions.SectionName}:Processes:Targets:{i} needs a Pid, a NamePattern or a CommandLinePattern.");
        }

        for (var i = 0; i < options.Http.Checks.Count; i++)
        {
            var check = options.Http.Checks[i];
            if (!Uri.TryCreate(check.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                errors.Add($"{CollectorOptions.SectionName}:Http:Checks:{i}:Url must be an absolute http or https URL.");
            if (check.Timeout <= TimeSpan.Zero) errors.Add($"{CollectorOptions.SectionName}:Http:Checks:{i}:Timeout must be positive.");
        }

        if (options.Queries.TopStatements < 1 || options.Queries.MaxStatements < options.Queries.TopStatements)
            errors.Add($"{CollectorOptions.SectionName}:Queries needs 1 <= TopStatements <= MaxStatements.");
        if (options.Postgres.TopStatements < 1) errors.Add($"{CollectorOptions.SectionName}:Postgres:TopStatements must be at least 1.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Postgres.Servers.Count; i++)
        {
            var server = options.Postgres.Servers[i];
            // The message names the server, never its connection string.
            if (string.IsNullOrWhiteSpace(server.Name) || !names.Add(server.Name))
                errors.Add($"{CollectorOptions.SectionName}:Postgres:Servers:{i} needs a unique Name.");
            if (string.IsNullOrWhiteSpace(server.ConnectionString))
                errors.Add($"{CollectorOptions.SectionName}:Postgres:Servers:{i} ({server.Name}) needs a ConnectionString.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
