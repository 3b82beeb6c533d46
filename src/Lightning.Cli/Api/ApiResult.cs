using System.Text.Json;

namespace Lightning.Cli.Api;

/// <summary>An answer of the API: typed for people, and the JSON exactly as the server sent it for <c>--json</c>.</summary>
internal sealed record ApiResult<T>(T Value, JsonElement Json);
