using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Lightning.Monitoring.Collectors.Http;

/// <summary>
/// Runs one configured check. Each check has its own handler so that the certificate seen in its TLS handshakes is its
/// own; a pooled connection keeps the certificate of the handshake that opened it.
/// </summary>
public sealed class HttpChecker : IDisposable
{
    readonly HttpCheck _check;
    readonly HttpClient _client;
    readonly TimeProvider _time;
    DateTime? _certificateNotAfter;

    public HttpChecker(HttpCheck check, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(check);
        _check = check;
        _time = time;
        Name = string.IsNullOrWhiteSpace(check.Name) ? DefaultName(new Uri(check.Url)) : check.Name;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Name { get; }

    /// <summary>The URL without credentials nor query (both may hold secrets), as the <c>server</c> tag.</summary>
    public string Server => new Uri(_check.Url).GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    public string Method => _check.Method.ToUpperInvariant();

    public async Task<HttpCheckResult> RunAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_check.Timeout);
        using var request = new HttpRequestMessage(new HttpMethod(Method), _check.Url);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(HttpCheckOutcome.Timeout, started, $"no response within {_check.Timeout}");
        }
        catch (HttpRequestException ex)
        {
            var dns = ex.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain };
            return Failed(dns ? HttpCheckOutcome.DnsError : HttpCheckOutcome.ConnectionFailed, started, ex.GetBaseException().Message);
        }

        using (response)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var outcome = StatusExpected(response.StatusCode) ? HttpCheckOutcome.Success : HttpCheckOutcome.ResponseStatusCodeMismatch;
            var length = response.Content.Headers.ContentLength;
            string? error = null;
            if (_check.BodyContains is { } expected)
            {
                try
                {
                    var body = await response.Content.ReadAsStringAsync(timeout.Token);
                    length ??= body.Length;
                    if (outcome == HttpCheckOutcome.Success && !body.Contains(expected, StringComparison.Ordinal))
                        outcome = HttpCheckOutcome.ResponseStringMismatch;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    outcome = HttpCheckOutcome.BodyReadError;
                    error = ex.Message;
                }
            }

            return new HttpCheckResult(Name, outcome, status, elapsed, length, ExpiryDays(), error);
        }
    }

    public void Dispose() => _client.Dispose();

    bool StatusExpected(HttpStatusCode status) =>
        _check.ExpectedStatus.Count == 0 ? (int)status is >= 200 and < 300 : _check.ExpectedStatus.Contains((int)status);

    HttpCheckResult Failed(HttpCheckOutcome outcome, long started, string error) =>
        new(Name, outcome, null, Stopwatch.GetElapsedTime(started), null, ExpiryDays(), error);

    double? ExpiryDays() => _certificateNotAfter is { } notAfter
        ? (new DateTimeOffset(notAfter.ToUniversalTime(), TimeSpan.Zero) - _time.GetUtcNow()).TotalDays
        : null;

    bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not null)
        {
            using var full = new X509Certificate2(certificate);
            _certificateNotAfter = full.NotAfter;
        }

        return errors == SslPolicyErrors.None || _check.AllowUntrustedCertificate;
    }

    static string DefaultName(Uri uri) => uri.Host + (uri.AbsolutePath == "/" ? string.Empty : uri.AbsolutePath);
}
