using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Replay;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Serialization;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints;

namespace Lightning.Cli.Api;

/// <summary>
/// The typed client of the Agent Lightning API (<c>/api/v2</c>) and its action and collaboration WebSockets. Error answers become a
/// <see cref="LightningApiException"/> carrying the ProblemDetails message; no answer at all, a <see cref="ServerUnreachableException"/>.
/// </summary>
internal sealed partial class LightningClient : IDisposable
{
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(100);

    readonly SocketsHttpHandler _handler;
    readonly HttpClient _http;
    readonly string? _apiKey;

    public LightningClient(Uri server, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(server);
        // A trailing slash makes relative paths land under a path prefix (a server behind a reverse proxy).
        Server = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        _apiKey = apiKey;
        _handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, AutomaticDecompression = DecompressionMethods.All };
        _http = new HttpClient(_handler, disposeHandler: false) { BaseAddress = Server, Timeout = RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("lightning-cli", StatusEndpoints.Version));
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri Server { get; }

    public Task<ApiResult<IReadOnlyList<AgentView>>> ListAgentsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<AgentView>>(HttpMethod.Get, "api/v2/agents", cancellationToken);

    public Task<ApiResult<AgentView>> GetAgentAsync(string name, CancellationToken cancellationToken) =>
        SendAsync<AgentView>(HttpMethod.Get, $"api/v2/agents/{Segment(name)}", cancellationToken);

    public Task<ApiResult<AgentView>> RegisterAgentAsync(AgentRegistration registration, CancellationToken cancellationToken) =>
        SendAsync<AgentRegistration, AgentView>(HttpMethod.Post, "api/v2/agents", registration, cancellationToken);

    public async Task RemoveAgentAsync(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v2/agents/{Segment(name)}");
        using var response = await SendAsync(request, cancellationToken);
    }

    public Task<ApiResult<ActionView>> SubmitActionAsync(ActionRequest action, CancellationToken cancellationToken) =>
        SendAsync<ActionRequest, ActionView>(HttpMethod.Post, "api/v2/actions", action, cancellationToken);

    public Task<ApiResult<ActionView>> GetActionAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ActionView>(HttpMethod.Get, $"api/v2/actions/{Segment(id)}", cancellationToken);

    public Task<ApiResult<ActionOutput>> GetActionOutputAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ActionOutput>(HttpMethod.Get, $"api/v2/actions/{Segment(id)}/output", cancellationToken);

    public Task<ApiResult<ActionView>> CancelActionAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ActionView>(HttpMethod.Post, $"api/v2/actions/{Segment(id)}/cancel", cancellationToken);

    public Task<ApiResult<ActionPage>> ListActionsAsync(string? agent, string? status, int? limit, string? before, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "agent", agent);
        AddQuery(query, "status", status);
        AddQuery(query, "limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddQuery(query, "before", before);
        var path = query.Count == 0 ? "api/v2/actions" : "api/v2/actions?" + string.Join('&', query);
        return SendAsync<ActionPage>(HttpMethod.Get, path, cancellationToken);
    }

    public Task<ApiResult<CreatedApiKey>> CreateKeyAsync(string name, ApiKeyRole role, CancellationToken cancellationToken) =>
        SendAsync<CreateApiKeyRequest, CreatedApiKey>(HttpMethod.Post, "api/v2/keys", new CreateApiKeyRequest(name, role), cancellationToken);

    public Task<ApiResult<IReadOnlyList<ApiKeyView>>> ListKeysAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<ApiKeyView>>(HttpMethod.Get, "api/v2/keys", cancellationToken);

    public Task<ApiResult<ApiKeyView>> RevokeKeyAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ApiKeyView>(HttpMethod.Delete, $"api/v2/keys/{Segment(id)}", cancellationToken);

    public Task<ApiResult<PlatformStatus>> GetStatusAsync(CancellationToken cancellationToken) =>
        SendAsync<PlatformStatus>(HttpMethod.Get, "api/v2/status", cancellationToken);

    public Task<ApiResult<CollaborationView>> SubmitCollaborationAsync(ComplexTask task, CancellationToken cancellationToken) =>
        SendAsync<ComplexTask, CollaborationView>(HttpMethod.Post, "api/v2/collaborate/submit", task, cancellationToken);

    public Task<ApiResult<CollaborationView>> GetCollaborationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<CollaborationView>(HttpMethod.Get, $"api/v2/collaborate/status/{Segment(id)}", cancellationToken);

    public Task<ApiResult<CollaborationView>> CancelCollaborationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<CollaborationView>(HttpMethod.Post, $"api/v2/collaborate/{Segment(id)}/cancel", cancellationToken);

    /// <summary>Approves (or rejects) a subtask waiting at its approval gate.</summary>
    public Task<ApiResult<CollaborationView>> DecideSubtaskAsync(string id, string subtask, bool approve, string? comment, CancellationToken cancellationToken) =>
        SendAsync<object, CollaborationView>(HttpMethod.Post, $"api/v2/collaborate/{Segment(id)}/subtasks/{Segment(subtask)}/{(approve ? "approve" : "reject")}",
            new { comment }, cancellationToken);

    /// <summary>Re-executes a finished collaboration from its recording; the answer is the new collaboration.</summary>
    public Task<ApiResult<CollaborationView>> ReplayCollaborationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<CollaborationView>(HttpMethod.Post, $"api/v2/collaborate/{Segment(id)}/replay", cancellationToken);

    public Task<ApiResult<CollaborationView>> ForkCollaborationAsync(string id, ForkRequest fork, CancellationToken cancellationToken) =>
        SendAsync<ForkRequest, CollaborationView>(HttpMethod.Post, $"api/v2/collaborate/{Segment(id)}/fork", fork, cancellationToken);

    public Task<ApiResult<CollaborationDiff>> DiffCollaborationsAsync(string left, string right, CancellationToken cancellationToken) =>
        SendAsync<CollaborationDiff>(HttpMethod.Get, $"api/v2/collaborate/{Segment(left)}/diff/{Segment(right)}", cancellationToken);

    public Task<ApiResult<CollaborationPage>> ListCollaborationsAsync(string? status, string? submittedBy, int? limit, string? before, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "status", status);
        AddQuery(query, "submittedBy", submittedBy);
        AddQuery(query, "limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AddQuery(query, "before", before);
        var path = query.Count == 0 ? "api/v2/collaborate/history" : "api/v2/collaborate/history?" + string.Join('&', query);
        return SendAsync<CollaborationPage>(HttpMethod.Get, path, cancellationToken);
    }

    /// <summary><c>/health/ready</c>, which needs no key: a 503 is an answer here (not ready), not an error.</summary>
    public async Task<Readiness> GetReadinessAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "health/ready");
        using var response = await SendCoreAsync(request, cancellationToken);
        var report = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
        {
            throw new LightningApiException(response.StatusCode,
                $"{Server}health/ready answered {(int)response.StatusCode} {response.ReasonPhrase}: is this an Agent Lightning server?");
        }

        return new Readiness(response.StatusCode == HttpStatusCode.OK, report.Length == 0 ? response.StatusCode.ToString() : report);
    }

    /// <summary>
    /// The live events of an action over its WebSocket: what happened so far, then each new event. The sequence
    /// ends after <c>finished</c>, or early if the connection drops (the caller can then fall back to polling).
    /// </summary>
    public async IAsyncEnumerable<ActionStreamEvent> StreamActionAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var json in StreamAsync($"api/v2/actions/{Segment(id)}/ws", $"No action with id '{id}'.", "the action's live stream", cancellationToken))
        {
            var streamEvent = Parse(json);
            yield return streamEvent;
            if (streamEvent.IsFinished)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The events of a collaboration over its WebSocket: the recorded ones after <paramref name="after"/>, then each
    /// new one. The sequence ends after <c>finished</c>, or early if the connection drops (the caller resumes from the
    /// last sequence it saw, or polls).
    /// </summary>
    public async IAsyncEnumerable<CollaborationStreamEvent> StreamCollaborationAsync(string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"api/v2/collaborate/{Segment(id)}/ws?after={after.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        await foreach (var json in StreamAsync(path, $"No collaboration with id '{id}'.", "the collaboration's live stream", cancellationToken))
        {
            var streamEvent = CollaborationStreamEvent.Parse(json);
            yield return streamEvent;
            if (streamEvent.IsFinished)
            {
                yield break;
            }
        }
    }

    /// <summary>The JSON text messages of a WebSocket until the server closes it or the connection drops.</summary>
    async IAsyncEnumerable<JsonElement> StreamAsync(string path, string notFound, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (_apiKey is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {_apiKey}");
        }

        await ConnectAsync(socket, path, notFound, what, cancellationToken);
        try
        {
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (await ReceiveAsync(socket, buffer, message, cancellationToken) is { } json)
            {
                yield return json;
            }
        }
        finally
        {
            await CloseQuietlyAsync(socket);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }

    async Task ConnectAsync(ClientWebSocket socket, string path, string notFound, string what, CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(new Uri(Server, path));
        builder.Scheme = builder.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        using var invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
        try
        {
            await socket.ConnectAsync(builder.Uri, invoker, cancellationToken);
        }
        catch (WebSocketException ex) when ((int)socket.HttpStatusCode is >= 300)
        {
            var status = socket.HttpStatusCode;
            throw new LightningApiException(status, status switch
            {
                HttpStatusCode.NotFound => notFound,
                HttpStatusCode.Unauthorized => $"The server refused the API key for {what}.",
                HttpStatusCode.Forbidden => $"This API key may not follow {what}.",
                _ => $"The server refused {what}: {(int)status} {status}.",
            }, ex);
        }
        catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException($"cannot reach the server at {Server} for {what}: {ex.GetBaseException().Message}", ex);
        }
    }

    /// <summary>The next whole text message, or null when the server closed the socket or the connection dropped.</summary>
    static async Task<JsonElement?> ReceiveAsync(ClientWebSocket socket, byte[] buffer, MemoryStream message, CancellationToken cancellationToken)
    {
        message.SetLength(0);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    using var document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
                    return document.RootElement.Clone();
                }
            }
        }
        catch (WebSocketException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    static ActionStreamEvent Parse(JsonElement json)
    {
        var type = json.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        var at = json.TryGetProperty("at", out var a) && a.TryGetDateTimeOffset(out var when) ? when : DateTimeOffset.MinValue;
        var data = json.TryGetProperty("data", out var d) ? d : default;
        return new ActionStreamEvent(type, at, data);
    }

    static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is going away anyway.
        }
    }

    Task<ApiResult<TResult>> SendAsync<TResult>(HttpMethod method, string path, CancellationToken cancellationToken) =>
        SendAsync<object?, TResult>(method, path, null, cancellationToken);

    async Task<ApiResult<TResult>> SendAsync<TBody, TResult>(HttpMethod method, string path, TBody? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: LightningJson.Options);
        }

        using var response = await SendAsync(request, cancellationToken);
        JsonElement json;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            json = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new LightningApiException(response.StatusCode, $"{request.RequestUri} answered with something other than JSON: is this an Agent Lightning server?", ex);
        }

        var value = json.Deserialize<TResult>(LightningJson.Options)
            ?? throw new LightningApiException(response.StatusCode, $"{request.RequestUri} answered with an empty body.");
        return new ApiResult<TResult>(value, json);
    }

    /// <summary>Sends and returns a successful response; an error answer throws with its ProblemDetails.</summary>
    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new LightningApiException(response.StatusCode, ProblemText.Describe(response.StatusCode, response.ReasonPhrase, body));
        }
    }

    async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException($"cannot reach the server at {Server}: {ex.GetBaseException().Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException($"the server at {Server} did not answer within {RequestTimeout.TotalSeconds:0} s", ex);
        }
    }

    static string Segment(string value) => Uri.EscapeDataString(value);

    static void AddQuery(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
