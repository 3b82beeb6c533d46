using System.Net;
using Lightning.Git.Hosting.GitHub;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed class GitHubRestClientTests
{
    static readonly Uri Base = new("https://ghe.example.com/api/v3/");

    static HttpResponseMessage WithLink(string link)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK);
        response.Headers.TryAddWithoutValidation("Link", link);
        return response;
    }

    [Fact]
    public void NextPage_NextAndLast_TakesNext()
    {
        using var response = WithLink("""<https://ghe.example.com/api/v3/repositories/1/rulesets?page=3>; rel="last", <https://ghe.example.com/api/v3/repositories/1/rulesets?page=2>; rel="next" """);

        GitHubRestClient.NextPage(response, Base).ShouldBe(new Uri("https://ghe.example.com/api/v3/repositories/1/rulesets?page=2"));
    }

    [Fact]
    public void NextPage_LastPage_Null()
    {
        using var response = WithLink("""<https://ghe.example.com/api/v3/repositories/1/rulesets?page=1>; rel="first", <https://ghe.example.com/api/v3/repositories/1/rulesets?page=2>; rel="prev" """);

        GitHubRestClient.NextPage(response, Base).ShouldBeNull();
    }

    [Fact]
    public void NextPage_NoLinkHeader_Null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        GitHubRestClient.NextPage(response, Base).ShouldBeNull();
    }

    [Theory]
    [InlineData("https://evil.example.com/api/v3/repositories/1/rulesets?page=2")]
    [InlineData("http://ghe.example.com/api/v3/repositories/1/rulesets?page=2")]
    [InlineData("https://ghe.example.com:8443/api/v3/repositories/1/rulesets?page=2")]
    public void NextPage_OtherOrigin_NotFollowedSoTheTokenStaysHome(string next)
    {
        using var response = WithLink($"<{next}>; rel=\"next\"");

        GitHubRestClient.NextPage(response, Base).ShouldBeNull();
    }
}
