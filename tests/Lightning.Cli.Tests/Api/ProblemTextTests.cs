using System.Net;
using Lightning.Cli.Api;

namespace Lightning.Cli.Tests.Api;

public sealed class ProblemTextTests
{
    [Fact]
    public void Describe_ValidationProblem_JoinsTheFieldMessages()
    {
        const string body = """{"title":"The request is invalid.","status":400,"detail":"summary","errors":{"name":["Name is required."],"role":["Role is required."]}}""";

        ProblemText.Describe(HttpStatusCode.BadRequest, "Bad Request", body).ShouldBe("Name is required. Role is required.");
    }

    [Fact]
    public void Describe_Problem_IsItsDetail()
    {
        const string body = """{"title":"Not found.","status":404,"detail":"No agent named 'x'."}""";

        ProblemText.Describe(HttpStatusCode.NotFound, "Not Found", body).ShouldBe("No agent named 'x'.");
    }

    [Fact]
    public void Describe_ServerErrorWithStackTrace_KeepsTheFirstLineAndTheTraceId()
    {
        const string body = """{"title":"Oops","status":500,"detail":"System.Exception: boom\n   at Somewhere()","traceId":"abc123"}""";

        ProblemText.Describe(HttpStatusCode.InternalServerError, "Internal Server Error", body).ShouldBe("System.Exception: boom (trace id abc123)");
    }

    [Fact]
    public void Describe_NotJson_SaysWhatAnswered()
    {
        ProblemText.Describe(HttpStatusCode.NotFound, "Not Found", "<html>nope</html>")
            .ShouldBe("the server answered 404 Not Found, without details: is it an Agent Lightning server?");
    }
}
