using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;
using Shouldly;
using Xunit;

namespace Lightning.TestUtilities;

/// <summary>
/// The real services that scripts/services/*.sh start, found through the environment they export.
/// A missing service skips the test on a developer's machine and fails it when CI=true.
/// </summary>
public static class TestServices
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string to a PostgreSQL superuser (scripts/services/postgres.sh).</summary>
    public static string Postgres() => Require("LIGHTNING_TEST_POSTGRES", "PostgreSQL", "scripts/services/postgres.sh start");

    /// <summary>An AMQP URI of the private RabbitMQ (scripts/services/rabbitmq.sh).</summary>
    public static string RabbitMq() => Require("LIGHTNING_TEST_RABBITMQ", "RabbitMQ", "scripts/services/rabbitmq.sh start");

    /// <summary>A fresh, empty PostgreSQL database for one test; dropped when disposed.</summary>
    public static async Task<PostgresDatabase> CreatePostgresDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = Postgres();
        var name = "lt_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PostgresDatabase(admin, new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString, name);
    }

    /// <summary>The private InfluxDB 1.x server (scripts/services/influxdb.sh), with its admin credentials.</summary>
    public static InfluxTestServer InfluxDb() =>
        InfluxTestServer.Parse(Require("LIGHTNING_TEST_INFLUXDB", "InfluxDB", "scripts/services/influxdb.sh start"));

    /// <summary>The loopback OpenSSH server (scripts/services/sshd.sh) with its client key and known_hosts.</summary>
    public static SshTestServer Ssh()
    {
        const string start = "scripts/services/sshd.sh start";
        return new SshTestServer(
            Require("LIGHTNING_TEST_SSH_HOST", "SSH server", start),
            int.Parse(Require("LIGHTNING_TEST_SSH_PORT", "SSH server", start), System.Globalization.CultureInfo.InvariantCulture),
            Require("LIGHTNING_TEST_SSH_USER", "SSH server", start),
            Require("LIGHTNING_TEST_SSH_KEY", "SSH server", start),
            Require("LIGHTNING_TEST_SSH_KNOWN_HOSTS", "SSH server", start));
    }

    /// <summary>The local SMTP sink (scripts/services/smtp.sh): every message it accepts is a file in <c>Maildir/new</c>.</summary>
    public static SmtpSink Smtp()
    {
        const string start = "scripts/services/smtp.sh start";
        return new SmtpSink(
            Require("LIGHTNING_TEST_SMTP_HOST", "SMTP sink", start),
            int.Parse(Require("LIGHTNING_TEST_SMTP_PORT", "SMTP sink", start), System.Globalization.CultureInfo.InvariantCulture),
            Require("LIGHTNING_TEST_SMTP_MAILDIR", "SMTP sink", start));
    }

    /// <summary>
    /// One broker serves every test process, and <c>dotnet test</c> runs the test assemblies at once, so a restart by
    /// one assembly's test would break another's connections. A test that uses RabbitMQ holds this lock shared for its
    /// lifetime; a test that restarts the broker holds it exclusively (<see cref="RestartingRabbitMqAsync"/>), so the
    /// restart waits for the users and new users wait for the restart. It is flock(2), which .NET takes for
    /// FileShare (None: exclusive; otherwise shared), released when the file is closed, also by a crashed process.
    /// </summary>
    public static Task<IDisposable> UseRabbitMqAsync(CancellationToken cancellationToken) => LockRabbitMqAsync(exclusive: false, cancellationToken);

    /// <summary>Held by a test that restarts the broker, around the whole test (see <see cref="UseRabbitMqAsync"/>).</summary>
    public static Task<IDisposable> RestartingRabbitMqAsync(CancellationToken cancellationToken) => LockRabbitMqAsync(exclusive: true, cancellationToken);

    static async Task<IDisposable> LockRabbitMqAsync(bool exclusive, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "lightning-tests-rabbitmq.lock");
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, exclusive ? FileShare.None : FileShare.ReadWrite);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Restarts the RabbitMQ of scripts/services/rabbitmq.sh, which disconnects every client; the caller holds
    /// <see cref="RestartingRabbitMqAsync"/>. Needs the repository the tests were built from: without it the test is
    /// skipped on a developer's machine and fails when CI=true.
    /// </summary>
    public static async Task RestartRabbitMqAsync(CancellationToken cancellationToken)
    {
        var script = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "scripts", "services", "rabbitmq.sh"));
        if (!File.Exists(script))
        {
            var message = $"{script} is not here (the tests were built elsewhere): cannot restart the broker.";
            if (InCi)
            {
                throw new InvalidOperationException(message);
            }

            Assert.Skip(message);
        }

        using var process = Process.Start(new ProcessStartInfo("bash", [script, "restart"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        process.ExitCode.ShouldBe(0, $"rabbitmq.sh restart failed: {await output}{await errors}");
    }

    /// <summary>
    /// The full path of a program on PATH (a real client to test against, such as <c>influx</c>); a missing one skips
    /// the test on a developer's machine and fails it when CI=true, naming the Debian package to install.
    /// </summary>
    public static string Program(string name, string debianPackage)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }

        var message = $"{name} is not on PATH: install it with `apt-get install {debianPackage}`, or run scripts/test.sh.";
        if (InCi)
        {
            throw new InvalidOperationException("CI=true and a required program is missing. " + message);
        }

        Assert.Skip(message);
        return string.Empty;
    }

    static string ThisFile([CallerFilePath] string path = "") => path;

    static string Require(string variable, string service, string howToStart)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        var message = $"{service} is not available ({variable} is not set): run `{howToStart}` and source its env file, or run scripts/test.sh.";
        if (InCi)
        {
            throw new InvalidOperationException("CI=true and a required service is missing. " + message);
        }

        Assert.Skip(message);
        return string.Empty;
    }
}

public sealed record SmtpSink(string Host, int Port, string Maildir)
{
    /// <summary>The raw messages the sink has written that contain <paramref name="marker"/> (a delivery id), waiting up to 10 s for one.</summary>
    public async Task<IReadOnlyList<string>> MessagesWithAsync(string marker, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var found = Directory.EnumerateFiles(Path.Combine(Maildir, "new")).Select(File.ReadAllText)
                .Where(text => text.Contains(marker, StringComparison.Ordinal)).ToList();
            if (found.Count > 0 || i >= 100)
            {
                return found;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}

public sealed record SshTestServer(string Host, int Port, string User, string PrivateKeyPath, string KnownHostsPath);

public sealed class PostgresDatabase(string adminConnectionString, string connectionString, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
