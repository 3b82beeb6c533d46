using System.CommandLine;
using Lightning.Monitoring.Querying;
using Lightning.Server.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary>
/// The options of a copy between the server's store and an InfluxDB 1.x database (<c>monitor import --from-influx</c>,
/// <c>monitor export --to-influx</c>), and the job that does it: started on the server, followed until it ends.
/// </summary>
internal sealed class InfluxMigrationOptions
{
    readonly string _urlOption;

    public InfluxMigrationOptions(string direction, string urlOption, string urlDescription)
    {
        Direction = direction;
        _urlOption = urlOption;
        Url = new Option<string>(urlOption) { Description = urlDescription, HelpName = "URL" };
        Database = new Option<string>("--database") { Description = $"The InfluxDB database (with {urlOption})", HelpName = "DB" };
        Username = new Option<string>("--username") { Description = $"The InfluxDB user (with {urlOption})", HelpName = "USER" };
        PasswordStdin = new Option<bool>("--password-stdin") { Description = "Read the InfluxDB password from the first line of stdin" };
        Measurements = new Option<string>("--measurements") { Description = $"Only these measurements (with {urlOption}): cpu,mem", HelpName = "NAMES" };
    }

    public string Direction { get; }

    public Option<string> Url { get; }

    public Option<string> Database { get; }

    public Option<string> Username { get; }

    public Option<bool> PasswordStdin { get; }

    public Option<string> Measurements { get; }

    public void AddTo(Command command)
    {
        command.Add(Url);
        command.Add(Database);
        command.Add(Username);
        command.Add(PasswordStdin);
        command.Add(Measurements);
    }

    /// <summary>Whether the URL was given; adds the errors of options given without it, or of a URL without a database.</summary>
    public bool Validate(System.CommandLine.Parsing.CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var given = result.GetValue(Url) is not null;
        if (given && result.GetValue(Database) is null) result.AddError($"{_urlOption} needs --database DB.");
        if (!given && (result.GetValue(Database) ?? result.GetValue(Username) ?? result.GetValue(Measurements)) is not null)
            result.AddError($"--database, --username and --measurements go with {_urlOption}.");
        return given;
    }

    /// <summary>Starts the job on the server and prints its progress each second until it ends; 0 when it succeeded.</summary>
    public async Task<int> RunAsync(ServerInvocation invocation, IReadOnlyList<string>? measurements, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        string? password = null;
        if (invocation.Value(PasswordStdin))
        {
            password = (await invocation.Console.Input.ReadLineAsync(cancellationToken))?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password)) throw CliException.Usage("--password-stdin: stdin gave no password.");
        }

        var listed = invocation.Value(Measurements)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var request = new MigrationRequest(Direction, invocation.Value(Url), invocation.Value(Database), invocation.Value(Username), password,
            Names(listed, measurements), from, to);
        var job = (await invocation.Client.StartMigrationAsync(request, cancellationToken)).Value;
        var where = Direction == "to-influx" ? $"this server's store into {job.Database} at {job.Url}" : $"{job.Database} at {job.Url} into this server's store";
        await invocation.Output.WriteLineAsync($"Migration {job.Id} started: {where}.");
        var reported = -1L;
        while (job.State == "running")
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            job = (await invocation.Client.GetMigrationAsync(job.Id, cancellationToken)).Value;
            if (job.PointsCopied == reported || job.State != "running") continue;
            reported = job.PointsCopied;
            await invocation.Output.WriteLineAsync($"  {job.PointsCopied:N0} points copied");
        }

        foreach (var error in job.Errors) await invocation.Error.WriteLineAsync($"error: {error}");
        foreach (var skipped in job.Skipped) await invocation.Output.WriteLineAsync($"skipped: {skipped}");
        await invocation.Output.WriteLineAsync($"Migration {job.Id} {job.State}: {job.PointsCopied:N0} points copied.");
        return job.State == "succeeded" ? ExitCodes.Ok : ExitCodes.Failure;
    }

    static string[]? Names(string[]? listed, IReadOnlyList<string>? measurements)
    {
        string[] names = [.. listed ?? [], .. measurements ?? []];
        return names.Length > 0 ? names : null;
    }

    /// <summary>A <c>--from</c>/<c>--to</c> value as a time, or null.</summary>
    public static DateTimeOffset? Time(string? text, DateTimeOffset now, string option) => text is null ? null : MetricQueryText.ParseTime(text, now, option);
}
