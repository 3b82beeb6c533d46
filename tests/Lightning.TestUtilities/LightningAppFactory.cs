using System.Net.Http.Headers;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lightning.TestUtilities;

/// <summary>
/// The real server (Program) in memory, with its own data directory, and SQLite unless a PostgreSQL connection
/// string is given. Settings are configuration keys, as a user would set them.
/// </summary>
public sealed class LightningAppFactory : WebApplicationFactory<Program>
{
    readonly TempDirectory _data = new();
    readonly Dictionary<string, string?> _settings;
    readonly IChatClient? _chatClient;

    public LightningAppFactory(IReadOnlyDictionary<string, string?>? settings = null, IChatClient? chatClient = null)
    {
        _chatClient = chatClient;
        _settings = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Lightning:DataDirectory"] = _data.Path,
            ["Lightning:RateLimit:PermitsPerSecond"] = "100000",
            ["Lightning:RateLimit:Burst"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory => _data.Path;

    /// <summary>An HTTP client that sends a new key of the given role.</summary>
    public async Task<HttpClient> CreateClientAsync(ApiKeyRole role, CancellationToken cancellationToken)
    {
        var key = await CreateKeyAsync(role, cancellationToken);
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<string> CreateKeyAsync(ApiKeyRole role, CancellationToken cancellationToken)
    {
        // Touch the server so bootstrap (migrations) has run.
        _ = Server;
        var created = await Services.GetRequiredService<ApiKeyStore>().CreateAsync($"test-{role}".ToLowerInvariant(), role, "tests", cancellationToken);
        return created.Key;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseContentRoot(AppContext.BaseDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_chatClient is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(_chatClient));
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PlatformBootstrapOutput.Silence();
        return base.CreateHost(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
    }
}

internal static class PlatformBootstrapOutput
{
    /// <summary>Tests create their own keys; the bootstrap key need not reach the test output.</summary>
    public static void Silence() => Lightning.Server.Hosting.PlatformBootstrap.AdminKeyOutput = TextWriter.Null;
}
