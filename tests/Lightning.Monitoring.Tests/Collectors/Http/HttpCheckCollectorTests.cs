using System.Net;
using System.Net.Sockets;
using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Tests.Collectors.Http;

/// <summary>Synthetic checks against a local Kestrel, plain and with a generated self-signed certificate.</summary>
public sealed class HttpCheckCollectorTests
{
    static void Map(WebApplication app)
    {
        app.MapGet("/ok", () => Results.Text("hello lightning"));
        app.MapGet("/fail", () => Results.StatusCode(503));
        app.MapGet("/slow", async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(5000, cancellationToken);
            return Results.Ok();
        });
    }

    static HttpCheckCollector Create(params HttpCheck[] checks) =>
        new(CollectorTestOptions.Create(o => o.Http.Checks.AddRange(checks)), TimeProvider.System, NullLogger<HttpCheckCollector>.Instance);

    [Fact]
    public async Task Status_body_and_latency_decide_success()
    {
        await using var app = await LocalWebApp.StartAsync(Map);
        using var collector = Create(
            new HttpCheck { Name = "ok", Url = new Uri(app.Address, "/ok").ToString(), BodyContains = "lightning" },
            new HttpCheck { Name = "wrong-text", Url = new Uri(app.Address, "/ok").ToString(), BodyContains = "thunder" },
            new HttpCheck { Name = "down", Url = new Uri(app.Address, "/fail").ToString() },
            new HttpCheck { Name = "down-expected", Url = new Uri(app.Address, "/fail").ToString(), ExpectedStatus = [503] },
            new HttpCheck { Name = "slow", Url = new Uri(app.Address, "/slow").ToString(), Timeout = TimeSpan.FromMilliseconds(300) });

        var rows = await collector.CollectAsync();

        rows.Value("http_response", "success", ("check", "ok"), ("result", "success"), ("status_code", "200")).ShouldBe(1);
        rows.Value("http_response", "response_time", ("check", "ok"))!.Value.ShouldBeInRange(0.000001, 10);
        rows.Value("http_response", "content_length", ("check", "ok")).ShouldBe("hello lightning".Length);
        rows.Value("http_response", "result_code", ("check", "wrong-text"), ("result", "response_string_mismatch")).ShouldBe(1);
        rows.Value("http_response", "http_response_code", ("check", "down"), ("result", "response_status_code_mismatch")).ShouldBe(503);
        rows.Value("http_response", "success", ("check", "down-expected")).ShouldBe(1);
        rows.Value("http_response", "success", ("check", "slow"), ("result", "timeout")).ShouldBe(0);
        rows.Value("http_response", "response_time", ("check", "slow"))!.Value.ShouldBeLessThan(4);
        rows.Of("http_response").ShouldNotContain(r => r.Field == "tls_expiry_days");
    }

    [Fact]
    public async Task The_certificate_of_an_https_server_gives_its_days_until_expiry()
    {
        using var certificate = LocalWebApp.SelfSignedCertificate(TimeSpan.FromDays(30));
        await using var app = await LocalWebApp.StartAsync(Map, certificate);
        using var collector = Create(
            new HttpCheck { Name = "tls", Url = new Uri(app.Address, "/ok").ToString(), AllowUntrustedCertificate = true },
            new HttpCheck { Name = "tls-strict", Url = new Uri(app.Address, "/ok").ToString() });

        var rows = await collector.CollectAsync();

        var days = (certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow).TotalDays;
        rows.Value("http_response", "tls_expiry_days", ("check", "tls"), ("result", "success"))!.Value.ShouldBe(days, 0.01);
        // Without trust the handshake is refused, but the certificate was seen: its expiry is still reported.
        rows.Value("http_response", "success", ("check", "tls-strict"), ("result", "connection_failed")).ShouldBe(0);
        rows.Value("http_response", "tls_expiry_days", ("check", "tls-strict"))!.Value.ShouldBe(days, 0.01);
    }

    [Fact]
    public async Task A_closed_port_is_a_failed_connection_and_the_tags_hold_no_credentials()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var collector = Create(new HttpCheck { Url = $"http://user:secret@127.0.0.1:{port}/health?token=abc" });

        var rows = await collector.CollectAsync();

        var row = rows.Of("http_response").First();
        row.Series.Tag("result").ShouldBe("connection_failed");
        row.Series.Tag("check").ShouldBe("127.0.0.1/health");
        row.Series.Tag("server").ShouldBe($"http://127.0.0.1:{port}/health");
        row.Series.Canonical.ShouldNotContain("secret");
        row.Series.Canonical.ShouldNotContain("token");
        rows.Value("http_response", "result_code").ShouldBe((int)HttpCheckOutcome.ConnectionFailed);
    }
}
