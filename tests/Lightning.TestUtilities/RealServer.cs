using Lightning.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.TestUtilities;

/// <summary>The server on a real loopback socket (Kestrel), for what an in-memory TestServer cannot show: addresses, processes, real clients.</summary>
public sealed class RealServer : IAsyncDisposable
{
    readonly TempDirectory _data;

    RealServer(WebApplication app, TempDirectory data, Uri address)
    {
        App = app;
        _data = data;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string DataDirectory => _data.Path;

    public static async Task<RealServer> StartAsync(params string[] extraArgs)
    {
        var data = new TempDirectory();
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Lightning:DataDirectory={data.Path}",
            "--Logging:LogLevel:Default=Warning",
            "--Lightning:RateLimit:PermitsPerSecond=100000",
            "--Lightning:RateLimit:Burst=100000",
            .. extraArgs,
        ];
        PlatformBootstrap.AdminKeyOutput = TextWriter.Null;
        var app = LightningServer.Build(LightningServer.CreateBuilder(args));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RealServer(app, data, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _data.Dispose();
    }
}
