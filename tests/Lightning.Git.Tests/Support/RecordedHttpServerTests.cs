using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Support;

public sealed class RecordedHttpServerTests
{
    [Fact]
    public async Task On_QueuedResponses_AreServedInOrderThenTheLastRepeats()
    {
        using var server = new RecordedHttpServer()
            .On("GET", "/items", 429, """{"message":"slow down"}""", new Dictionary<string, string> { ["Retry-After"] = "1" })
            .On("GET", "/items", 200, """[{"url":"{base}/items/1"}]""");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var token = TestContext.Current.CancellationToken;

        var first = await http.GetAsync(new Uri("items?page=2", UriKind.Relative), token);
        var second = await http.GetStringAsync(new Uri("items", UriKind.Relative), token);
        var third = await http.GetAsync(new Uri("items", UriKind.Relative), token);

        ((int)first.StatusCode).ShouldBe(429);
        first.Headers.GetValues("Retry-After").ShouldBe(["1"]);
        second.ShouldBe($$"""[{"url":"{{server.BaseAddress.ToString().TrimEnd('/')}}/items/1"}]""");
        ((int)third.StatusCode).ShouldBe(200);
        server.Requests.Select(request => request.PathAndQuery).ShouldBe(["/items?page=2", "/items", "/items"]);
    }
}
