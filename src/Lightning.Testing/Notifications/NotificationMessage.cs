using System.Globalization;
using System.Net;
using System.Text;
using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Testing.Notifications;

/// <summary>A failure as a notification lists it.</summary>
public sealed record NotificationFailure(string Id, string Project, string Framework, TestOutcome Outcome, string? Message, string? File, int? Line);

/// <summary>
/// What one notification says, the same for both channels: the webhook's JSON body is this record; the email renders it
/// as text and HTML. <see cref="Link"/> is the run's API address.
/// </summary>
public sealed record NotificationMessage(
    string DeliveryId,
    NotificationEvent Event,
    IReadOnlyList<NotificationEvent> Events,
    NotificationRuleReference Rule,
    TestRunView Run,
    string Link,
    IReadOnlyList<NotificationFailure> Failures,
    int FailuresNotListed,
    IReadOnlyList<string> Flaky)
{
    /// <summary>
    /// The message for a run: failed and errored cases (the first <paramref name="maxFailures"/>, in project order) with
    /// their messages, and the ids of flaky tests.
    /// </summary>
    public static NotificationMessage For(
        string deliveryId, IReadOnlyList<NotificationEvent> events, NotificationRuleReference rule, TestRunView run,
        IReadOnlyList<TestRunProjectResult> projects, string? publicBaseUrl, int maxFailures)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(projects);
        var failures = projects
            .SelectMany(p => p.Run.EnumerateCases()
                .Where(c => c.Outcome is TestOutcome.Failed or TestOutcome.Errored)
                .Select(c => new NotificationFailure(c.Id, p.Root, p.Framework, c.Outcome, c.Failure?.Message, c.File, c.Line)))
            .ToList();
        var flaky = projects.SelectMany(p => p.Run.EnumerateCases().Where(c => c.Outcome == TestOutcome.Flaky).Select(c => c.Id)).ToList();
        var link = $"{publicBaseUrl?.TrimEnd('/')}/api/v2/testing/runs/{Uri.EscapeDataString(run.Id)}";
        return new NotificationMessage(deliveryId, events[0], events, rule, run, link,
            [.. failures.Take(maxFailures)], Math.Max(0, failures.Count - maxFailures), flaky);
    }

    public string Subject
    {
        get
        {
            var totals = Run.Totals;
            var what = Event switch
            {
                NotificationEvent.Failed => $"{totals.Failed + totals.Errored} of {totals.Total} tests failed",
                NotificationEvent.Errored => "tests could not run",
                NotificationEvent.TimedOut => "tests timed out",
                NotificationEvent.Recovered => $"tests pass again ({totals.Passed} of {totals.Total})",
                NotificationEvent.FlakyFound => $"{totals.Flaky} flaky tests",
                _ => "sample notification",
            };
            return $"[Lightning] {Run.Repository}: {what}";
        }
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(Subject).AppendLine();
        foreach (var line in SummaryLines())
        {
            text.AppendLine(line);
        }

        if (Failures.Count > 0)
        {
            text.AppendLine().AppendLine("Failures:");
            foreach (var failure in Failures)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {failure.Id} ({failure.Framework} in {failure.Project}){Where(failure)}");
                text.AppendLine(failure.Message is { Length: > 0 } message ? $": {message}" : string.Empty);
            }

            if (FailuresNotListed > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"... and {FailuresNotListed} more.");
            }
        }

        if (Flaky.Count > 0)
        {
            text.AppendLine().AppendLine("Flaky (failed, then passed on a retry):");
            foreach (var id in Flaky)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {id}");
            }
        }

        return text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Run: {Link}").ToString();
    }

    public string ToHtml()
    {
        static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(Subject)}</h2><ul>");
        foreach (var line in SummaryLines())
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(line)}</li>");
        }

        html.Append("</ul>");
        if (Failures.Count > 0)
        {
            html.Append("<h3>Failures</h3><table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr><th>test</th><th>project</th><th>message</th></tr>");
            foreach (var failure in Failures)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td><code>{E(failure.Id)}</code>{E(Where(failure))}</td><td>{E(failure.Framework)} in {E(failure.Project)}</td><td><pre>{E(failure.Message)}</pre></td></tr>");
            }

            html.Append("</table>");
            if (FailuresNotListed > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>... and {FailuresNotListed} more.</p>");
            }
        }

        if (Flaky.Count > 0)
        {
            html.Append("<h3>Flaky (failed, then passed on a retry)</h3><ul>");
            foreach (var id in Flaky)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{E(id)}</code></li>");
            }

            html.Append("</ul>");
        }

        return html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(Link)}\">{E(Link)}</a></p></body></html>").ToString();
    }

    IEnumerable<string> SummaryLines()
    {
        var totals = Run.Totals;
        yield return $"Run {Run.Id}: {Run.Status.ToName()}";
        yield return $"Repository: {Run.Repository}{(Run.Branch is { } branch ? $" ({branch})" : string.Empty)}{(Run.CommitSha is { } commit ? $" at {commit[..Math.Min(12, commit.Length)]}" : string.Empty)}";
        yield return $"Tests: {totals.Total} total, {totals.Passed} passed, {totals.Failed} failed, {totals.Errored} errored, {totals.Skipped} skipped, {totals.Flaky} flaky";
        if (Run.Error is { Length: > 0 } error)
        {
            yield return $"Error: {error}";
        }
    }

    static string Where(NotificationFailure failure) =>
        failure.File is null ? string.Empty : failure.Line is { } line ? $" at {failure.File}:{line}" : $" in {failure.File}";
}

/// <summary>The rule a notification comes from.</summary>
public sealed record NotificationRuleReference(string Id, string Name);
