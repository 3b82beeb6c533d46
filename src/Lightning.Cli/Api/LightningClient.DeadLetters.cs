using System.Globalization;
using Lightning.Server.Endpoints;

namespace Lightning.Cli.Api;

internal sealed partial class LightningClient
{
    public Task<ApiResult<DeadLetterPage>> ListDeadLettersAsync(int? limit, CancellationToken cancellationToken) =>
        SendAsync<DeadLetterPage>(HttpMethod.Get,
            limit is { } value ? $"api/v2/collaborate/dead-letters?limit={value.ToString(CultureInfo.InvariantCulture)}" : "api/v2/collaborate/dead-letters",
            cancellationToken);

    public Task<ApiResult<DeadLetterView>> GetDeadLetterAsync(string messageId, CancellationToken cancellationToken) =>
        SendAsync<DeadLetterView>(HttpMethod.Get, $"api/v2/collaborate/dead-letters/{Segment(messageId)}", cancellationToken);

    public Task<ApiResult<DeadLetterRedriven>> RedriveDeadLetterAsync(string messageId, CancellationToken cancellationToken) =>
        SendAsync<DeadLetterRedriven>(HttpMethod.Post, $"api/v2/collaborate/dead-letters/{Segment(messageId)}/redrive", cancellationToken);

    /// <summary>Deletes one dead letter, or every one when <paramref name="messageId"/> is null.</summary>
    public Task<ApiResult<DeadLettersPurged>> PurgeDeadLettersAsync(string? messageId, CancellationToken cancellationToken) =>
        SendAsync<DeadLettersPurged>(HttpMethod.Delete,
            messageId is null ? "api/v2/collaborate/dead-letters" : $"api/v2/collaborate/dead-letters/{Segment(messageId)}", cancellationToken);
}
