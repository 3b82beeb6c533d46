using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Generation;

namespace Lightning.Cli.Api;

/// <summary>Test generation batches on a server (<c>/api/v2/testing/generate</c>).</summary>
internal sealed partial class LightningClient
{
    public Task<ApiResult<GenerationBatchView>> StartGenerationAsync(GenerateTestsRequest request, CancellationToken cancellationToken) =>
        SendAsync<GenerateTestsRequest, GenerationBatchView>(HttpMethod.Post, "api/v2/testing/generate", request, cancellationToken);

    public Task<ApiResult<GenerationBatchView>> GetGenerationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<GenerationBatchView>(HttpMethod.Get, $"api/v2/testing/generate/{Segment(id)}", cancellationToken);

    public Task<ApiResult<GenerationBatchView>> CancelGenerationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<GenerationBatchView>(HttpMethod.Post, $"api/v2/testing/generate/{Segment(id)}/cancel", cancellationToken);

    public Task<ApiResult<GenerationBatchView>> AcceptGenerationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<ReviewGeneratedTestsRequest, GenerationBatchView>(HttpMethod.Post, $"api/v2/testing/generate/{Segment(id)}/accept", new ReviewGeneratedTestsRequest(), cancellationToken);
}
