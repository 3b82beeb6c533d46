using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Planning;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.Webhooks;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Git;

/// <summary>
/// Turns accepted webhook events into collaborations, one per matching <see cref="GitTrigger"/>: a push can run
/// "test, build, deploy" with the pushed commit as input. A trigger whose task file is missing or invalid fails the
/// delivery (500), so the provider shows the failure and redelivers once it is fixed.
/// </summary>
public sealed class CollaborationTriggerSink(
    ICollaborationService collaborations, IOptionsMonitor<GitTriggerOptions> options, ILogger<CollaborationTriggerSink> logger) : IGitEventSink
{
    public async Task OnEventAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gitEvent);
        foreach (var trigger in options.CurrentValue.Triggers.Where(trigger => Matches(trigger, gitEvent)))
        {
            if (!Path.IsPathFullyQualified(trigger.TaskFile) || !File.Exists(trigger.TaskFile))
            {
                throw new LightningException(ErrorKind.Invalid, "git.trigger_task_missing",
                    $"The trigger's task file '{trigger.TaskFile}' does not exist on the server (it must be an absolute path).");
            }

            var text = await File.ReadAllTextAsync(trigger.TaskFile, cancellationToken);
            var task = PlanDocument.ParseTask(text);
            var inputs = new Dictionary<string, JsonElement>(task.Inputs ?? new Dictionary<string, JsonElement>(), StringComparer.Ordinal);
            void Set(string name, string? value)
            {
                if (value is not null)
                {
                    inputs[name] = JsonSerializer.SerializeToElement(value);
                }
            }

            Set("provider", gitEvent.Provider);
            Set("connection", gitEvent.Connection);
            Set("event", gitEvent.EventName);
            Set("deliveryId", gitEvent.DeliveryId);
            Set("repository", gitEvent.Repository);
            Set("ref", gitEvent.Ref);
            Set("branch", gitEvent.Branch);
            Set("tag", gitEvent.Tag);
            Set("before", gitEvent.Before);
            Set("after", gitEvent.After);
            Set("sender", gitEvent.Sender);
            Set("cloneUrl", CloneUrlOf(gitEvent.Payload));
            var submitted = await collaborations.SubmitAsync(
                task with
                {
                    Title = task.Title ?? $"{gitEvent.EventName} to {gitEvent.Repository} {gitEvent.Branch ?? gitEvent.Tag}".Trim(),
                    Inputs = inputs,
                },
                $"webhook:{gitEvent.Provider}",
                cancellationToken);
            Log.TriggerStarted(logger, submitted.Id, gitEvent.Provider, gitEvent.DeliveryId, trigger.TaskFile);
        }
    }

    static bool Matches(GitTrigger trigger, GitWebhookEvent gitEvent)
    {
        static bool Same(string? wanted, string? actual) =>
            string.IsNullOrEmpty(wanted) || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);

        var isPush = string.Equals(gitEvent.EventName, "push", StringComparison.OrdinalIgnoreCase)
            || string.Equals(gitEvent.EventName, "Push Hook", StringComparison.OrdinalIgnoreCase);
        return Same(trigger.Provider, gitEvent.Provider)
            && (string.IsNullOrEmpty(trigger.Event) ? isPush : Same(trigger.Event, gitEvent.EventName))
            && Same(trigger.Repository, gitEvent.Repository)
            && Same(trigger.Branch, gitEvent.Branch)
            && (string.IsNullOrEmpty(trigger.Connection) || string.Equals(trigger.Connection, gitEvent.Connection, StringComparison.Ordinal));
    }

    // GitHub: repository.clone_url; GitLab: project.git_http_url (or repository.git_http_url in older payloads).
    static string? CloneUrlOf(JsonElement payload)
    {
        foreach (var (parent, property) in new[] { ("repository", "clone_url"), ("project", "git_http_url"), ("repository", "git_http_url") })
        {
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(parent, out var owner)
                && owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(property, out var url) && url.ValueKind == JsonValueKind.String)
            {
                return url.GetString();
            }
        }

        return null;
    }
}
