using Lightning.Core.Errors;
using Microsoft.Extensions.AI;

namespace Lightning.Agents.Llm;

/// <summary>The platform's model, if one is configured. Everything that needs an LLM asks here and gets a clear error when there is none.</summary>
public sealed class ChatModel(IChatClient? client, string? modelName)
{
    public bool IsConfigured => client is not null;

    public string? ModelName => modelName;

    public IChatClient Client => client ?? throw NoModel();

    public static LightningException NoModel() => new(ErrorKind.Unavailable, "llm.no_model",
        "No model configured: set Lightning:Llm:Model and Lightning:Llm:Endpoint (or LIGHTNING_LLM_MODEL and LIGHTNING_LLM_ENDPOINT) to run LLM steps.");
}
