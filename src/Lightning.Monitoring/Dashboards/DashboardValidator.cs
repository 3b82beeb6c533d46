using Lightning.Core.Errors;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Querying;

namespace Lightning.Monitoring.Dashboards;

/// <summary>
/// Checks a dashboard before it is stored. Every problem is reported at once, keyed by where it is
/// (<c>panels[2].query.every</c>) and saying which panel, with the messages the query API gives for the same mistake.
/// </summary>
public static class DashboardValidator
{
    public const int MaxPanels = 100;
    public const int GridColumns = 24;

    public static void Validate(DashboardDefinition? definition)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        if (definition is null)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { [string.Empty] = ["Send the dashboard as a JSON object: {\"name\":...,\"panels\":[...]}."] });
        }

        if (string.IsNullOrWhiteSpace(definition.Name)) Add("name", "'name' is required.");
        else if (definition.Name.Trim().Length > 255) Add("name", "'name' is at most 255 characters.");
        if (definition.Description is { Length: > 4000 }) Add("description", "'description' is at most 4000 characters.");
        Duration(definition.TimeRange ?? "1h", "timeRange", Add);
        if (definition.Refresh is { } refresh && refresh != "off") Duration(refresh, "refresh", Add);
        foreach (var name in (definition.Variables ?? new Dictionary<string, string>()).Keys)
        {
            if (!DashboardVariables.IsValidName(name)) Add($"variables.{name}", $"'{name}' is not a variable name: use letters, digits and _, starting with a letter or _.");
        }

        var panels = definition.Panels ?? [];
        if (panels.Count > MaxPanels) Add("panels", $"A dashboard has at most {MaxPanels} panels.");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            var at = $"panels[{i}]";
            if (panel is null)
            {
                Add(at, $"Panel {i + 1} is null.");
                continue;
            }

            var name = string.IsNullOrWhiteSpace(panel.Title) ? $"Panel {i + 1}" : $"Panel {i + 1} ('{panel.Title}')";
            if (string.IsNullOrWhiteSpace(panel.Id)) Add($"{at}.id", $"{name}: 'id' is required.");
            else if (panel.Id.Length > 100) Add($"{at}.id", $"{name}: 'id' is at most 100 characters.");
            else if (!ids.Add(panel.Id)) Add($"{at}.id", $"{name}: the id '{panel.Id}' is used by another panel.");
            if (string.IsNullOrWhiteSpace(panel.Title)) Add($"{at}.title", $"{name}: 'title' is required.");
            if (!PanelKinds.All.Contains(panel.Kind ?? "line")) Add($"{at}.kind", $"{name}: '{panel.Kind}' is not a panel kind: use {string.Join(", ", PanelKinds.All)}.");
            if (panel.Compare is { } compare) Duration(compare, $"{at}.compare", (key, message) => Add(key, $"{name}: {message}"));
            if (panel.X is < 0 or >= GridColumns) Add($"{at}.x", $"{name}: 'x' is a column from 0 to {GridColumns - 1}.");
            if (panel.Y < 0) Add($"{at}.y", $"{name}: 'y' is 0 or more.");
            if (panel.W < 1 || panel.X + panel.W > GridColumns) Add($"{at}.w", $"{name}: 'w' is at least 1 and the panel ends by column {GridColumns}.");
            if (panel.H is < 1 or > 100) Add($"{at}.h", $"{name}: 'h' is between 1 and 100.");
            if (panel.Query is null)
            {
                Add($"{at}.query", $"{name}: 'query' is required.");
                continue;
            }

            try
            {
                _ = ToMetricQuery(panel.Query, definition.Variables, DateTimeOffset.UnixEpoch.AddYears(50), null, null);
            }
            catch (ValidationFailedException ex)
            {
                foreach (var (key, messages) in ex.Errors)
                {
                    foreach (var message in messages) Add($"{at}.query.{key}", $"{name}: {message}");
                }
            }
        }

        if (errors.Count > 0) throw new ValidationFailedException(errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>
    /// The store query of a panel over [<paramref name="from"/>, <paramref name="to"/>) — by default the panel's window
    /// (5m) up to <paramref name="now"/> — with the dashboard's variables put into <c>where</c>. The panel's own
    /// <c>offset</c> is not applied here: the caller shifts the range (see the API's comparison).
    /// </summary>
    public static MetricQuery ToMetricQuery(PanelQuery query, IReadOnlyDictionary<string, string>? variables, DateTimeOffset now, DateTimeOffset? from, DateTimeOffset? to)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var window = TimeSpan.FromMinutes(5);
        if (query.Window is { } windowText)
        {
            try
            {
                window = MetricQueryText.ParseDuration(windowText, "window");
            }
            catch (ValidationFailedException ex)
            {
                foreach (var (key, messages) in ex.Errors) errors[key] = messages;
            }
        }

        if (query.Offset is { } offset)
        {
            try
            {
                _ = MetricQueryText.ParseDuration(offset, "offset");
            }
            catch (ValidationFailedException ex)
            {
                foreach (var (key, messages) in ex.Errors) errors[key] = messages;
            }
        }

        var where = query.Where is null ? null : DashboardVariables.Substitute(query.Where, variables);
        MetricQuery? read = null;
        try
        {
            read = MetricQueryText.ReadQuery(query.Measurement, query.Field, where, null, null, query.Aggregate, query.Every, query.GroupBy, query.Fill, query.Limit, now);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var (key, messages) in ex.Errors) errors[key] = messages;
        }

        if (errors.Count > 0) throw new ValidationFailedException(errors);
        return read! with { From = from ?? now - window, To = to ?? now };
    }

    static void Duration(string text, string key, Action<string, string> add)
    {
        try
        {
            _ = MetricQueryText.ParseDuration(text, key);
        }
        catch (ValidationFailedException ex)
        {
            foreach (var message in ex.Errors.Values.SelectMany(messages => messages)) add(key, message);
        }
    }
}
