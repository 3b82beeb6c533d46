using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Lightning.Collaboration.Execution;

namespace Lightning.Server.Tests.Endpoints.Git;

/// <summary>
/// GitHub push deliveries to the webhook routes, sent as GitHub sends them, and the collaborations a push trigger
/// starts, for the tests of <c>POST /api/v2/git/webhooks/...</c>.
/// </summary>
internal static class GitHubPushDeliveries
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>
    /// Writes, in <paramref name="directory"/>, the task a push trigger starts: one <c>echo</c> subtask whose input is
    /// <paramref name="input"/> (a YAML map of <c>${inputs.*}</c> placeholders), so a test reads the event back from its output.
    /// </summary>
    public static string WriteEchoTask(string directory, string input)
    {
        var task = Path.Combine(directory, "on-push.yaml");
        File.WriteAllText(task, $$"""
            title: "Check the push"
            plan:
              subtasks:
                - id: report
                  tool: echo
                  input: {{input}}
            """);
        return task;
    }

    /// <summary>A push of <c>octo/app</c>'s <paramref name="branch"/> by octocat, as GitHub's payload has it.</summary>
    public static string Push(string branch = "main") => $$"""
        {"ref":"refs/heads/{{branch}}","before":"{{new string('a', 40)}}","after":"{{new string('b', 40)}}",
         "repository":{"full_name":"octo/app","clone_url":"https://github.com/octo/app.git","pushed_at":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}} },
         "sender":{"login":"octocat"} }
        """;

    /// <summary>
    /// Posts <paramref name="body"/> to <c>/api/v2/git/webhooks/{route}</c> with GitHub's event and delivery headers,
    /// signed with <paramref name="secret"/> when one is given. <paramref name="sentBody"/>, when given, is sent in
    /// place of the body that was signed (a delivery changed on the way).
    /// </summary>
    public static async Task<HttpResponseMessage> DeliverAsync(
        HttpClient anonymous, string route, string body, string delivery, string? secret, string? sentBody = null)
    {
        var signed = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v2/git/webhooks/{route}", UriKind.Relative))
        {
            Content = new ByteArrayContent(sentBody is null ? signed : Encoding.UTF8.GetBytes(sentBody)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-GitHub-Delivery", delivery);
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        }

        return await anonymous.SendAsync(request, Token);
    }

    public static async Task<IReadOnlyList<CollaborationSummary>> CollaborationsAsync(HttpClient viewer) =>
        (await (await viewer.GetAsync(new Uri("/api/v2/collaborate/history", UriKind.Relative), Token)).ReadAsync<CollaborationPage>()).Items;

    /// <summary>The first collaboration that succeeded, waiting up to ten seconds for one.</summary>
    public static async Task<CollaborationSummary> WaitForCollaborationAsync(HttpClient viewer)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await CollaborationsAsync(viewer)).FirstOrDefault(item => item.Status == CollaborationStatus.Succeeded) is { } done)
            {
                return done;
            }

            await Task.Delay(50, Token);
        }

        throw new TimeoutException("The push did not start a collaboration that finished.");
    }
}
