using Lightning.Git.Registry;
using Lightning.Server.Endpoints.Git;

namespace Lightning.Cli.Output;

/// <summary>Hosting connections and pull/merge requests for people.</summary>
internal static class GitHostingText
{
    const int TitleWidth = 60;

    public static void WriteConnections(TextWriter writer, IReadOnlyList<HostingConnectionView> connections)
    {
        var table = new TextTable("NAME", "PROVIDER", "BASE URL", "WEBHOOK SECRET", "CREATED", "UPDATED");
        foreach (var connection in connections)
        {
            table.Add(connection.Name, connection.Provider, connection.BaseUrl, connection.HasWebhookSecret ? "set" : "none",
                $"{Formats.Time(connection.CreatedAt)} by {connection.CreatedBy}",
                connection.UpdatedAt is { } updated ? $"{Formats.Time(updated)} by {connection.UpdatedBy ?? Formats.None}" : Formats.None);
        }

        table.Write(writer);
    }

    /// <summary>One connection, with the URL its provider's webhook should post to when it has a secret.</summary>
    public static void WriteConnection(TextWriter writer, HostingConnectionView connection, Uri server)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(server);
        new DetailList()
            .Add("Name", connection.Name)
            .Add("Provider", connection.Provider)
            .Add("Base URL", connection.BaseUrl)
            .Add("Webhook secret", connection.HasWebhookSecret ? "set" : "none (deliveries for this connection are refused)")
            .AddIfPresent("Webhook URL", connection.HasWebhookSecret
                ? new Uri(server, $"api/v2/git/webhooks/{connection.Provider}/{Uri.EscapeDataString(connection.Name)}").ToString()
                : null)
            .Add("Created", $"{Formats.TimeWithSeconds(connection.CreatedAt)} by {connection.CreatedBy}")
            .AddIfPresent("Updated", connection.UpdatedAt is { } updated ? $"{Formats.TimeWithSeconds(updated)} by {connection.UpdatedBy ?? Formats.None}" : null)
            .Write(writer);
    }

    public static void WritePullRequests(TextWriter writer, IReadOnlyList<PullRequestView> pulls)
    {
        var table = new TextTable("NUMBER", "STATE", "TITLE", "HEAD", "BASE", "URL");
        foreach (var pull in pulls)
        {
            table.Add(Number(pull), State(pull), Formats.Truncate(pull.Title, TitleWidth), pull.Head, pull.Base, pull.Url);
        }

        table.Write(writer);
    }

    /// <summary>How each provider writes the number: <c>#12</c> on GitHub, <c>!12</c> on GitLab.</summary>
    public static string Number(PullRequestView pull)
    {
        ArgumentNullException.ThrowIfNull(pull);
        return Number(pull.Provider, pull.Number);
    }

    public static string Number(string provider, long number) =>
        (provider == HostingConnectionStore.GitLab ? "!" : "#") + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    static string State(PullRequestView pull) =>
        pull.Merged ? "merged" : pull.Draft && pull.State is "open" or "opened" ? "draft" : pull.State;
}
