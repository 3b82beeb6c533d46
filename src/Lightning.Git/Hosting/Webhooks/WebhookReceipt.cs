namespace Lightning.Git.Hosting.Webhooks;

/// <summary>What became of a delivery and the HTTP status to answer the provider with.</summary>
public sealed record WebhookReceipt(WebhookOutcome Outcome, int StatusCode, string Reason, GitWebhookEvent? Event = null);
