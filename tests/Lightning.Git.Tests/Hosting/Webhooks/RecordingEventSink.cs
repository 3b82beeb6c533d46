using Lightning.Git.Hosting.Webhooks;

namespace Lightning.Git.Tests.Hosting.Webhooks;

/// <summary>An event sink that keeps what it is given; it fails the first <see cref="FailuresLeft"/> calls, as a sink that is down would.</summary>
internal sealed class RecordingEventSink : IGitEventSink
{
    public List<GitWebhookEvent> Events { get; } = [];

    public int FailuresLeft { get; set; }

    public Task OnEventAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken)
    {
        lock (Events)
        {
            Events.Add(gitEvent);
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("The collaboration service is not available.");
            }
        }

        return Task.CompletedTask;
    }
}
