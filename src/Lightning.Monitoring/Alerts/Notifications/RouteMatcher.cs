using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Monitoring.Alerts.Notifications;

/// <summary>A route an alert reached, with what it inherited filled in.</summary>
public sealed record ResolvedRoute(
    string Path,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> GroupBy,
    TimeSpan GroupWait,
    TimeSpan GroupInterval,
    TimeSpan RepeatInterval,
    string? Escalation);

public static class RouteMatcher
{
    /// <summary>The routes that deliver an alert with <paramref name="labels"/>, in tree order.</summary>
    public static IReadOnlyList<ResolvedRoute> Match(AlertRoute root, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(root);
        var inherited = new ResolvedRoute("root", root.Channels ?? [], root.GroupBy ?? RouteDefaults.GroupBy,
            root.GroupWait ?? RouteDefaults.GroupWait, root.GroupInterval ?? RouteDefaults.GroupInterval,
            root.RepeatInterval ?? RouteDefaults.RepeatInterval, root.Escalation);
        var found = new List<ResolvedRoute>();
        Walk(root, inherited, labels, found);
        return found;
    }

    static void Walk(AlertRoute route, ResolvedRoute settings, IReadOnlyDictionary<string, string> labels, List<ResolvedRoute> found)
    {
        var matchedChild = false;
        for (var i = 0; i < route.Routes.Count; i++)
        {
            var child = route.Routes[i];
            if (!LabelMatchers.Matches(child.Matchers, labels)) continue;
            var childSettings = new ResolvedRoute(
                $"{settings.Path}/{child.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                child.Channels ?? settings.Channels,
                child.GroupBy ?? settings.GroupBy,
                child.GroupWait ?? settings.GroupWait,
                child.GroupInterval ?? settings.GroupInterval,
                child.RepeatInterval ?? settings.RepeatInterval,
                child.Escalation ?? settings.Escalation);
            Walk(child, childSettings, labels, found);
            matchedChild = true;
            if (!child.Continue) break;
        }

        if (!matchedChild) found.Add(settings);
    }

    /// <summary>Whether an inhibition mutes <paramref name="target"/>, given the firing alerts' labels.</summary>
    public static bool IsInhibited(IReadOnlyList<InhibitRule> rules, IReadOnlyDictionary<string, string> target, string targetFingerprint,
        IReadOnlyList<(string Fingerprint, IReadOnlyDictionary<string, string> Labels)> firing)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            if (!LabelMatchers.Matches(rule.TargetMatchers, target)) continue;
            foreach (var (fingerprint, source) in firing)
            {
                if (fingerprint == targetFingerprint || !LabelMatchers.Matches(rule.SourceMatchers, source)) continue;
                if (rule.Equal.All(label => string.Equals(Value(source, label), Value(target, label), StringComparison.Ordinal))) return true;
            }
        }

        return false;
    }

    static string Value(IReadOnlyDictionary<string, string> labels, string name) => labels.TryGetValue(name, out var value) ? value : string.Empty;
}
