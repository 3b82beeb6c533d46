using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Lightning.TestUtilities;

/// <summary>
/// A real HTTP server on a loopback port that answers with recorded responses: bodies and headers captured from (or
/// written to follow) a provider's documented API. The clients under test talk HTTP to it exactly as they would to
/// GitHub or GitLab. Every request it receives is kept, so a test can check what was sent.
/// </summary>
public sealed class RecordedHttpServer : IDisposable
{
    readonly HttpListener _listener;
    readonly List<Route> _routes = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;

    public RecordedHttpServer()
    {
        // HttpListener needs a fixed prefix: take a free port from the OS first. Tests run in parallel, so another server
        // may take the same port between the probe and the bind: then try another.
        for (var attempt = 1; ; attempt++)
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(BaseAddress.ToString());
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; private set; }

    public Uri BaseAddress { get; private set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>
    /// Answers <paramref name="method"/> <paramref name="pathAndQuery"/> with <paramref name="status"/> and
    /// <paramref name="body"/>. A path ending in <c>*</c> matches any path with that prefix; a path without <c>?</c>
    /// matches whatever the query. Responses queued for the same route are served in order, the last one repeating.
    /// </summary>
    public RecordedHttpServer On(string method, string pathAndQuery, int status, string body,
        IReadOnlyDictionary<string, string>? headers = null, string contentType = "application/json; charset=utf-8")
    {
        lock (_routes)
        {
            _routes.Add(new Route(method, pathAndQuery, new RecordedResponse(status, body, headers ?? new Dictionary<string, string>(), contentType)));
        }

        return this;
    }

    /// <summary>Answers with the contents of a file under the test output's <c>Recorded/</c> folder.</summary>
    public RecordedHttpServer OnFile(string method, string pathAndQuery, string recordedFile, int status = 200,
        IReadOnlyDictionary<string, string>? headers = null) =>
        On(method, pathAndQuery, status, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recorded", recordedFile)), headers);

    async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var headers = request.Headers.AllKeys.Where(key => key is not null)
            .ToDictionary(key => key!, key => request.Headers[key] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var pathAndQuery = request.Url!.PathAndQuery;
        Requests.Enqueue(new RecordedRequest(request.HttpMethod, pathAndQuery, headers, body));

        var response = Match(request.HttpMethod, pathAndQuery)
            ?? new RecordedResponse(404, """{"message":"Not Found (no recorded response)"}""", new Dictionary<string, string>(), "application/json");
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value.Replace("{base}", BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal);
        }

        var bytes = Encoding.UTF8.GetBytes(response.Body.Replace("{base}", BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    RecordedResponse? Match(string method, string pathAndQuery)
    {
        lock (_routes)
        {
            var candidates = _routes.Where(route => route.Matches(method, pathAndQuery)).ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            // Prefer the most specific route; among equals, serve them in order and keep repeating the last.
            var best = candidates.MaxBy(route => route.Specificity)!;
            var same = candidates.Where(route => route.Pattern == best.Pattern && route.Method == best.Method).ToList();
            if (same.Count > 1)
            {
                _routes.Remove(same[0]);
            }

            return same[0].Response;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    sealed record Route(string Method, string Pattern, RecordedResponse Response)
    {
        public int Specificity => Pattern.Length + (Pattern.Contains('?', StringComparison.Ordinal) ? 1000 : 0);

        public bool Matches(string method, string pathAndQuery)
        {
            if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (Pattern.EndsWith('*'))
            {
                return pathAndQuery.StartsWith(Pattern[..^1], StringComparison.Ordinal);
            }

            var candidate = Pattern.Contains('?', StringComparison.Ordinal) ? pathAndQuery : pathAndQuery.Split('?')[0];
            return string.Equals(candidate, Pattern, StringComparison.Ordinal);
        }
    }
}

public sealed record RecordedResponse(int Status, string Body, IReadOnlyDictionary<string, string> Headers, string ContentType);

public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
