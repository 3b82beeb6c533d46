using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Testing.Coverage.Goals;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// A repository's own coverage goals: <c>.lightning/coverage.json</c> (or <c>coverage.yaml</c>/<c>coverage.yml</c>),
/// <c>{"goals": ["src/**: 80% lines", "src/**/*.py: 60% branches per file"]}</c> or, for line goals in short,
/// <c>{"goals": {"src/**": 80}}</c>. The goal syntax is <see cref="CoverageGoals.Parse"/>'s.
/// </summary>
public static class CoverageGoalFile
{
    public static readonly IReadOnlyList<string> Candidates = [".lightning/coverage.json", ".lightning/coverage.yaml", ".lightning/coverage.yml"];

    const long MaxBytes = 256 * 1024;

    /// <summary>The goals of the first file found under <paramref name="repositoryRoot"/>, with its relative path; none when there is no file.</summary>
    /// <exception cref="LightningException"><c>testing.coverage_goal_invalid</c> naming the file and what is wrong.</exception>
    public static async Task<(string? File, IReadOnlyList<CoverageGoal> Goals)> ReadAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        foreach (var candidate in Candidates)
        {
            var path = Path.Combine(repositoryRoot, candidate);
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null)
            {
                continue;
            }

            if (info.Length > MaxBytes)
            {
                throw Invalid(candidate, $"it is larger than {MaxBytes} bytes");
            }

            var text = await File.ReadAllTextAsync(path, cancellationToken);
            return (candidate, Parse(candidate, text));
        }

        return (null, []);
    }

    /// <summary>The goal lines of a goal file's text; <paramref name="name"/> tells JSON from YAML and names the file in errors.</summary>
    public static IReadOnlyList<CoverageGoal> Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        var lines = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonLines(name, text) : YamlLines(name, text);
        try
        {
            return CoverageGoals.ParseAll(lines);
        }
        catch (LightningException ex)
        {
            throw Invalid(name, ex.Message);
        }
    }

    /// <summary>A goal as the CLI and API accept it besides the full syntax: <c>src/**=80</c> means <c>src/**: 80% lines</c>.</summary>
    public static string Expand(string goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var equals = goal.LastIndexOf('=');
        return equals > 0 && !goal.Contains(':', StringComparison.Ordinal) && double.TryParse(goal[(equals + 1)..].Trim().TrimEnd('%'),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var minimum)
            ? $"{goal[..equals].Trim()}: {minimum.ToString(System.Globalization.CultureInfo.InvariantCulture)}% lines"
            : goal;
    }

    static List<string> JsonLines(string name, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("goals", out var goals))
            {
                throw Invalid(name, "it has no \"goals\" (a list of goals such as \"src/**: 80% lines\", or {\"src/**\": 80})");
            }

            return goals.ValueKind switch
            {
                JsonValueKind.Array => [.. goals.EnumerateArray().Select(goal => goal.ValueKind == JsonValueKind.String
                    ? Expand(goal.GetString()!)
                    : throw Invalid(name, $"a goal is {goal.ValueKind.ToString().ToLowerInvariant()}, not text such as \"src/**: 80% lines\""))],
                JsonValueKind.Object => [.. goals.EnumerateObject().Select(goal => goal.Value.ValueKind == JsonValueKind.Number
                    ? $"{goal.Name}: {goal.Value.GetRawText()}% lines"
                    : goal.Value.ValueKind == JsonValueKind.String ? $"{goal.Name}: {goal.Value.GetString()}"
                    : throw Invalid(name, $"the goal of '{goal.Name}' is not a number (a minimum line percentage) or text (\"80% branches\")"))],
                _ => throw Invalid(name, "\"goals\" is neither a list nor an object"),
            };
        }
        catch (JsonException ex)
        {
            throw Invalid(name, $"line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
        }
    }

    static List<string> YamlLines(string name, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw Invalid(name, $"line {ex.Start.Line}: {ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("goals"), out var goals))
        {
            throw Invalid(name, "it has no goals: (a list of goals such as 'src/**: 80% lines', or a mapping 'src/**: 80')");
        }

        return goals switch
        {
            YamlSequenceNode list => [.. list.Children.Select(goal => goal is YamlScalarNode { Value: { } value }
                ? Expand(value)
                : throw Invalid(name, $"line {goal.Start.Line}: a goal is not text such as 'src/**: 80% lines' (quote it)"))],
            YamlMappingNode map => [.. map.Children.Select(pair => pair is { Key: YamlScalarNode { Value: { } path }, Value: YamlScalarNode { Value: { } minimum } }
                ? double.TryParse(minimum, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? $"{path}: {minimum}% lines" : $"{path}: {minimum}"
                : throw Invalid(name, $"line {pair.Key.Start.Line}: a goal is not 'path: minimum'"))],
            _ => throw Invalid(name, "goals is neither a list nor a mapping"),
        };
    }

    static LightningException Invalid(string name, string problem) =>
        new(ErrorKind.Invalid, CoverageGoals.InvalidGoalCode, $"{name}: {problem.TrimEnd('.')}.");
}
