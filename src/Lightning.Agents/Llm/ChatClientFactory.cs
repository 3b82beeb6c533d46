using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Lightning.Agents.Llm;

/// <summary>Builds an <see cref="IChatClient"/> for any OpenAI-compatible endpoint.</summary>
public static class ChatClientFactory
{
    public static IChatClient? Create(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return null;
        }

        var clientOptions = new OpenAIClientOptions();
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = new Uri(options.Endpoint);
        }

        // Local servers (Ollama, vLLM) ignore the key, but the client requires one.
        var credential = new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey);
        return new OpenAIClient(credential, clientOptions).GetChatClient(options.Model).AsIChatClient();
    }
}
