using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Collaboration.Execution;
using Lightning.Core.Serialization;
using Lightning.Server.Bus;
using Lightning.TestUtilities;
using RabbitMQ.Client;
using StackExchange.Redis;

namespace Lightning.Cli.Tests.Distributed;

/// <summary>
/// A distributed platform of real processes: <c>lightning serve</c> (PostgreSQL state when LIGHTNING_TEST_POSTGRES is set, which
/// CI requires, else SQLite) and <c>lightning worker</c>s, all on one RabbitMQ or Redis bus under a prefix of their own, which
/// is deleted from the broker afterwards. Heartbeats every second, offline after three missed; three deliveries before a dead
/// letter, 300 ms first retry.
/// </summary>
internal sealed partial class DistributedCluster : IAsyncDisposable
{
    /// <summary>What every worker offers: commands, and a capability no agent of the server has.</summary>
    public const string RemoteCapability = "remote-build";

    readonly TempDirectory _data = new();
    readonly List<LightningProcess> _workers = [];
    readonly Dictionary<string, string> _environment;
    PostgresDatabase? _database;
    LightningProcess? _server;

    IDisposable? _broker;

    DistributedCluster(BusTransport transport, string connection, string prefix)
    {
        Transport = transport;
        Connection = connection;
        Prefix = prefix;
        _environment = new(StringComparer.Ordinal)
        {
            ["Lightning__Collaboration__Bus__Transport"] = transport == BusTransport.RabbitMq ? "rabbitmq" : "redis",
            // The connection (with its password) goes by environment, as the docs advise, never on a command line.
            ["Lightning__Collaboration__Bus__Connection"] = connection,
            ["Lightning__Collaboration__Bus__Prefix"] = prefix,
            ["Lightning__Collaboration__Bus__MaxDeliveries"] = "3",
            ["Lightning__Collaboration__Bus__BaseRetryDelay"] = "00:00:00.300",
            ["Lightning__Collaboration__Bus__Jitter"] = "0",
            ["Lightning__Agents__HeartbeatIntervalSeconds"] = "1",
            ["Lightning__Agents__MissedHeartbeatsBeforeOffline"] = "3",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Lightning.Collaboration.Distributed"] = "Information",
        };
    }

    public BusTransport Transport { get; }

    public string Connection { get; }

    public string Prefix { get; }

    public Uri Url { get; private set; } = null!;

    public string AdminKey { get; private set; } = string.Empty;

    public HttpClient Client { get; private set; } = null!;

    public bool UsesPostgres => _database is not null;

    public LightningProcess Server => _server!;

    public IReadOnlyList<LightningProcess> Workers => _workers;

    [GeneratedRegex("lk_[A-Za-z0-9_-]+")]
    private static partial Regex KeyPattern();

    /// <param name="restartsBroker">The test restarts RabbitMQ: the cluster holds the broker exclusively rather than shared
    /// (<see cref="TestServices.UseRabbitMqAsync"/>), so other test processes' RabbitMQ tests are not running meanwhile.</param>
    public static async Task<DistributedCluster> StartAsync(BusTransport transport, int workers, CancellationToken cancellationToken, bool restartsBroker = false)
    {
        var connection = BusTestServices.Connection(transport);
        var cluster = new DistributedCluster(transport, connection, "lt-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            if (transport == BusTransport.RabbitMq)
            {
                cluster._broker = restartsBroker ? await TestServices.RestartingRabbitMqAsync(cancellationToken) : await TestServices.UseRabbitMqAsync(cancellationToken);
            }

            await cluster.StartServerAsync(cancellationToken);
            for (var i = 1; i <= workers; i++)
            {
                await cluster.StartWorkerAsync($"worker-{i}", cancellationToken);
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        List<string> args = ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", Path.Combine(_data.Path, "server")];
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("LIGHTNING_TEST_POSTGRES")) || TestServices.InCi)
        {
            _database = await TestServices.CreatePostgresDatabaseAsync(cancellationToken);
            args.AddRange(["--postgres", _database.ConnectionString]);
        }

        _server = LightningProcess.Start("server", args, _environment);
        await _server.WaitForLineAsync(line => line.Contains("Agent Lightning is running.", StringComparison.Ordinal), TimeSpan.FromSeconds(90), cancellationToken);
        AdminKey = KeyPattern().Match(_server.Output).Value;
        AdminKey.ShouldNotBeEmpty("the first start prints an admin key");
        Url = new Uri($"http://127.0.0.1:{port}/");
        Client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    public async Task<LightningProcess> StartWorkerAsync(string name, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(_environment, StringComparer.Ordinal)
        {
            ["LIGHTNING_SERVER"] = Url.ToString(),
            ["LIGHTNING_API_KEY"] = AdminKey,
        };
        if (_database is not null)
        {
            // As the docs advise: workers given the server's database share its RabbitMQ publish claims.
            environment["Lightning__Database__Provider"] = "Postgres";
            environment["Lightning__Database__ConnectionString"] = _database.ConnectionString;
        }

        var worker = LightningProcess.Start(name,
            ["worker", "--capabilities", $"command,{RemoteCapability}", "--name", name, "--concurrency", "2", "--workspace", WorkspaceOf(name)], environment);
        _workers.Add(worker);
        await worker.WaitForLineAsync(line => line.StartsWith($"Worker {name} is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60), cancellationToken);
        return worker;
    }

    /// <summary>The worker's own directory (its commands run in <c>workspaces/NAME</c> under it).</summary>
    public string WorkspaceOf(string worker) => Path.Combine(_data.Path, worker);

    public async Task<CollaborationView> SubmitAsync(string taskJson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(taskJson, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("api/v2/collaborate/submit", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        return JsonSerializer.Deserialize<CollaborationView>(body, LightningJson.Options)!;
    }

    public async Task<CollaborationView> GetAsync(string id, CancellationToken cancellationToken) =>
        (await Client.GetFromJsonAsync<CollaborationView>($"api/v2/collaborate/status/{id}", LightningJson.Options, cancellationToken))!;

    public async Task<CollaborationView> WaitFinishedAsync(string id, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var view = await GetAsync(id, cancellationToken);
            if (view.Status.IsFinished())
            {
                return view;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Collaboration {id} still runs after {within}: {JsonSerializer.Serialize(view, LightningJson.Options)}\n{Logs()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the collaboration, and returns it then.</summary>
    public async Task<CollaborationView> WaitForAsync(string id, Func<CollaborationView, bool> condition, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var view = await GetAsync(id, cancellationToken);
            if (condition(view))
            {
                return view;
            }

            if (view.Status.IsFinished() || DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Collaboration {id} never got there: {JsonSerializer.Serialize(view, LightningJson.Options)}\n{Logs()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<CollaborationEvent>> EventsAsync(string id, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync($"api/v2/collaborate/{id}/events?limit=500", cancellationToken));
        return json.RootElement.GetProperty("items").Deserialize<List<CollaborationEvent>>(LightningJson.Options)!;
    }

    /// <summary>Every process's output, for a failed assertion's message.</summary>
    public string Logs() => string.Join("\n", new[] { _server }.Concat(_workers).OfType<LightningProcess>()
        .Select(process => $"--- {process.Name}\n{process.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Client?.Dispose();
        await DeleteBusAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _data.Dispose();
        _broker?.Dispose();
    }

    async Task DeleteBusAsync()
    {
        try
        {
            if (Transport == BusTransport.Redis)
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync(Connection);
                var keys = redis.GetServers()[0].Keys(pattern: Prefix + ":*", pageSize: 1000).ToArray();
                if (keys.Length > 0)
                {
                    await redis.GetDatabase().KeyDeleteAsync(keys);
                }

                return;
            }

            var factory = new ConnectionFactory { Uri = new Uri(Connection) };
            await using var connection = await factory.CreateConnectionAsync();
            var queues = new List<string> { ".dead-letters", ".agent.lightning-coordinator", ".capability.command", $".capability.{RemoteCapability}" };
            queues.AddRange(_workers.Select(worker => ".agent." + worker.Name));
            queues.AddRange(Enumerable.Range(1, 100).Select(step => $".retry.{step * 100}"));
            foreach (var queue in queues)
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.QueueDeleteAsync(Prefix + queue);
            }

            foreach (var exchange in new[] { ".broadcast", ".return" })
            {
                await using var channel = await connection.CreateChannelAsync();
                await channel.ExchangeDeleteAsync(Prefix + exchange);
            }
        }
        catch (Exception ex) when (ex is RedisException or RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException)
        {
            // Cleanup only: a broker that is gone has nothing left to delete.
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
