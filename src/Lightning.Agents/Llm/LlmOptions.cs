namespace Lightning.Agents.Llm;

/// <summary>
/// An OpenAI-compatible chat endpoint: OpenAI, Azure OpenAI (its <c>/openai/v1/</c> endpoint), Ollama or vLLM.
/// Bound from <c>Lightning:Llm</c>; <c>LIGHTNING_LLM_ENDPOINT</c>, <c>LIGHTNING_LLM_MODEL</c> and <c>LIGHTNING_LLM_API_KEY</c> override it.
/// No model means no LLM: LLM steps fail with a clear message and everything else works.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Lightning:Llm";

    /// <summary>Base URL of the API, for example <c>http://localhost:11434/v1</c> for Ollama. Empty means OpenAI's.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>A secret: read from configuration or the environment, never logged or stored.</summary>
    public string? ApiKey { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);
}
