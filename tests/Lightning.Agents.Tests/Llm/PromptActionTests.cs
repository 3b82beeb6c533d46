using Lightning.Agents.Actions;
using Lightning.Agents.Llm;
using Lightning.Agents.Roles;
using Lightning.TestUtilities;
using Microsoft.Extensions.AI;

namespace Lightning.Agents.Tests.Llm;

public sealed class PromptActionTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prompt_WithModel_AnswersInTheAgentsRoleAndStreams()
    {
        var chat = new ScriptedChatClient("Use parameterised queries everywhere.");
        await using var host = await AgentsHost.StartAsync(chatClient: chat);

        var action = await host.RunAsync(new ActionRequest("security-expert", ActionKind.Prompt, Prompt: "How do I stop SQL injection?"), Token);

        action.Status.ShouldBe(ActionStatus.Succeeded);
        (await host.Actions.GetOutputAsync(action.Id, Token))!.Output.Trim().ShouldBe("Use parameterised queries everywhere.");
        var request = chat.Requests.ShouldHaveSingleItem();
        request[0].Role.ShouldBe(ChatRole.System);
        request[0].Text.ShouldBe(AgentRoles.Find("security-expert")!.SystemPrompt);
        request[1].Text.ShouldBe("How do I stop SQL injection?");
    }

    [Fact]
    public async Task Prompt_WithoutModel_FailsWithNoModelConfiguredAndOtherActionsStillWork()
    {
        await using var host = await AgentsHost.StartAsync();

        var prompt = await host.RunAsync(new ActionRequest("reviewer", ActionKind.Prompt, Prompt: "Review this"), Token);
        var command = await host.RunAsync(new ActionRequest("devops-engineer", ActionKind.Command, ["echo", "still fine"]), Token);

        prompt.Status.ShouldBe(ActionStatus.Failed);
        prompt.Error!.ShouldStartWith("No model configured");
        command.Status.ShouldBe(ActionStatus.Succeeded);
        host.Get<ChatModel>().IsConfigured.ShouldBeFalse();
    }

    [Fact]
    public void Create_OpenAiCompatibleEndpoint_BuildsAClientForTheModel()
    {
        using var client = ChatClientFactory.Create(new LlmOptions { Endpoint = "http://127.0.0.1:11434/v1", Model = "llama3.2", ApiKey = null });

        client.ShouldNotBeNull();
        client.GetService<ChatClientMetadata>()!.DefaultModelId.ShouldBe("llama3.2");
        client.GetService<ChatClientMetadata>()!.ProviderUri!.ToString().ShouldStartWith("http://127.0.0.1:11434/v1");
    }

    [Fact]
    public void Create_NoModel_IsNull() => ChatClientFactory.Create(new LlmOptions { Endpoint = "http://x/v1" }).ShouldBeNull();
}
