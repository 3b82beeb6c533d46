using System.Text;
using Lightning.Core.Storage;
using Lightning.Git.Persistence;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Support;

/// <summary>
/// The git module as <c>AddLightningGit</c> wires it, over SQLite in its own data directory with the schema migrated:
/// what the tests of the connection store and of the webhook receiver run against.
/// </summary>
internal sealed class GitModule : IAsyncDisposable
{
    readonly TempDirectory _data = new();
    ServiceProvider _services = null!;

    GitModule()
    {
    }

    public string DataDirectory => _data.Path;

    /// <summary>
    /// Starts the module with <paramref name="settings"/> as configuration; <paramref name="configure"/> registers
    /// services before the module does (a fake clock, an event sink), so they win over its defaults.
    /// </summary>
    public static async Task<GitModule> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var module = new GitModule();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddOptions<LightningOptions>().Configure(options => options.DataDirectory = module._data.Path);
        configure?.Invoke(services);
        services.AddLightningGit();
        module._services = services.BuildServiceProvider();
        await DatabaseSetup.MigrateAsync(module.Get<IDbContextFactory<GitDbContext>>(), TestContext.Current.CancellationToken);
        return module;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Whether any of the database's files (the WAL included) holds <paramref name="text"/> as UTF-8 bytes.</summary>
    public bool DatabaseFilesContain(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(_data.Path, "lightning.db*", SearchOption.AllDirectories)
            .Any(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray().AsSpan().IndexOf(bytes) >= 0;
            });
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _data.Dispose();
    }
}
