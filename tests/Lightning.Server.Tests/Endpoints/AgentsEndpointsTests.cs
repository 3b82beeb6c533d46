using System.Net;
using System.Text;
using System.Text.Json;
using Lightning.Agents.Registry;
using Lightning.Server.Auth;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

public sealed class AgentsEndpointsTests : IAsyncLifetime
{
    readonly LightningAppFactory _app = new();
    HttpClient _client = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _client = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task List_FreshPlatform_HasTheTwelveSeededSpecialists()
    {
        var agents = await (await _client.GetAsync("/api/v2/agents", Token)).ReadAsync<List<AgentView>>();

        agents.Count.ShouldBe(15);
        agents.ShouldContain(a => a.Name == "full-stack-developer" && a.Status == AgentStatus.Idle);
    }

    [Fact]
    public async Task Crud_RegisterShowUpdateRemove_RoundTrips()
    {
        var created = await _client.PostJsonAsync("/api/v2/agents", new AgentRegistration("qa-bot", "reviewer", "Checks things", ["files", "review"], 2, null, null, null));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe("/api/v2/agents/qa-bot");

        var shown = await (await _client.GetAsync("/api/v2/agents/qa-bot", Token)).ReadAsync<AgentView>();
        shown.Description.ShouldBe("Checks things");

        var updated = await (await _client.PutAsync("/api/v2/agents/qa-bot", Json("{\"maxConcurrency\":4}"), Token)).ReadAsync<AgentView>();
        updated.MaxConcurrency.ShouldBe(4);
        updated.Description.ShouldBe("Checks things");

        (await _client.DeleteAsync("/api/v2/agents/qa-bot", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await _client.GetAsync("/api/v2/agents/qa-bot", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Register_InvalidFields_IsValidationProblemPerFieldAndStoresNothing()
    {
        var problem = await (await _client.PostAsync("/api/v2/agents", Json("{\"name\":\"Bad!\",\"maxConcurrency\":0}"), Token))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        errors.GetProperty("name")[0].GetString()!.ShouldContain("lowercase");
        errors.GetProperty("role").GetArrayLength().ShouldBe(1);
        errors.GetProperty("maxConcurrency").GetArrayLength().ShouldBe(1);
        (await (await _client.GetAsync("/api/v2/agents", Token)).ReadAsync<List<AgentView>>()).Count.ShouldBe(15);
    }

    [Theory]
    [InlineData("{\"name\": \"x\",")]
    [InlineData("not json")]
    [InlineData("{\"name\": \"x\", \"location\": \"moon\"}")]
    [InlineData("{\"name\": \"x\", \"maxConcurrency\": \"many\"}")]
    public async Task Register_MalformedJson_Is400ProblemThatSaysWhere(string body)
    {
        var problem = await (await _client.PostAsync("/api/v2/agents", Json(body), Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("title").GetString().ShouldBe("The request is malformed.");
        problem.GetProperty("detail").GetString()!.ShouldNotContain("Lightning.");
        problem.GetProperty("errors").EnumerateObject().ShouldHaveSingleItem();
        (await (await _client.GetAsync("/api/v2/agents", Token)).ReadAsync<List<AgentView>>()).Count.ShouldBe(15);
    }

    [Fact]
    public async Task Register_WrongEnumValue_NamesTheFieldAndItsValues()
    {
        var problem = await (await _client.PostAsync("/api/v2/agents", Json("{\"name\":\"x\",\"location\":\"moon\"}"), Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("location")[0].GetString().ShouldBe("Field 'location' has an invalid value: expected one of: in-process, ssh, worker.");
    }

    [Fact]
    public async Task Register_Duplicate_Is409Problem()
    {
        var problem = await (await _client.PostAsync("/api/v2/agents", Json("{\"name\":\"reviewer\",\"role\":\"reviewer\"}"), Token))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("agent.exists");
    }

    [Fact]
    public async Task Show_UnknownAgent_Is404Problem()
    {
        var problem = await (await _client.GetAsync("/api/v2/agents/ghost", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().ShouldBe("No agent named 'ghost'.");
    }

    [Fact]
    public async Task Remove_UnknownAgent_Is404Problem() =>
        await (await _client.DeleteAsync("/api/v2/agents/ghost", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task Heartbeat_KnownAgent_ReturnsItWithTheBeat()
    {
        var agent = await (await _client.PostAsync("/api/v2/agents/reviewer/heartbeat", null, Token)).ReadAsync<AgentView>();

        agent.LastHeartbeatAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Json_UsesCamelCaseAndKebabCaseEnums()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/api/v2/agents/devops-engineer", Token));

        document.RootElement.GetProperty("location").GetString().ShouldBe("in-process");
        document.RootElement.GetProperty("maxConcurrency").GetInt32().ShouldBe(2);
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
