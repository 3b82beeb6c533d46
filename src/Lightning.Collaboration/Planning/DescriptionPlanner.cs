using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// The deterministic planner (no model): cuts a description into clauses and turns each into one step of a pipeline.
/// <list type="number">
/// <item>Split on ";", ".", a line break, " then " and " and then " (strong), and on "," and " and " (weak), never
/// inside `backticks`; leading "then", "next", "finally", "first", "also", "please" are dropped.</item>
/// <item>Match each clause against <see cref="Rules"/>, first match wins, using only rules whose tool is in the
/// catalogue and whose capability some agent offers.</item>
/// <item>A clause after a weak separator that matches nothing joins a preceding prompt clause ("summarise the risks,
/// costs and next steps" stays one clause); otherwise it is unmatched.</item>
/// <item>Any unmatched clause rejects the description, listing them all and suggesting a plan or template.</item>
/// </list>
/// Each step depends on the one before; prompt steps get the previous step's output in their prompt.
/// </summary>
public sealed partial class DescriptionPlanner
{
    public DescriptionPlanner()
        : this(DefaultRules())
    {
    }

    public DescriptionPlanner(IReadOnlyList<KeywordRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
    }

    public IReadOnlyList<KeywordRule> Rules { get; }

    [GeneratedRegex(@"(?<strong>;|\.(?=\s|$)|\r?\n|,?\s+and\s+then\s+|,?\s+then\s+)|(?<weak>,|\s+and\s+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^(?:(?:and|then|next|finally|first|afterwards|after\s+that|also|please)\b[\s,]*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Connector();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex Quoted();

    public TaskPlan Plan(string? description, PlanCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrWhiteSpace(description))
        {
            throw Invalid(["The task has no description to plan from."]);
        }

        var usable = Rules.Where(rule => Usable(rule, catalog)).ToList();
        var steps = new List<(string Text, int Start, KeywordRule Rule, Match Match)>();
        var problems = new List<string>();
        foreach (var (text, weak, start, end) in Clauses(description))
        {
            var (rule, match) = MatchRule(text, usable);
            if (rule is null && weak && steps.Count > 0 && steps[^1].Rule.Tool == "prompt")
            {
                // "summarise the risks, costs and next steps": the rest of a free-text prompt, not a step of its own.
                var previous = steps[^1];
                var joined = description[previous.Start..end];
                steps[^1] = (joined, previous.Start, previous.Rule, previous.Rule.Pattern.Match(joined));
                continue;
            }

            if (rule is null)
            {
                var unavailable = Rules.FirstOrDefault(candidate => candidate.Pattern.IsMatch(text) && !usable.Contains(candidate));
                problems.Add(unavailable is null
                    ? $"No rule matches '{text}'."
                    : $"'{text}' would use the '{unavailable.Tool}' tool, which {Unavailable(unavailable, catalog)}.");
                continue;
            }

            steps.Add((text, start, rule, match!));
        }

        var subtasks = new List<SubtaskSpec>(steps.Count);
        foreach (var (text, _, rule, match) in steps)
        {
            var previous = subtasks.Count == 0 ? null : subtasks[^1].Id;
            JsonElement input;
            try
            {
                input = rule.Input(match, previous, description.Trim());
            }
            catch (FormatException ex)
            {
                problems.Add($"'{text}': {ex.Message}");
                continue;
            }

            subtasks.Add(new SubtaskSpec
            {
                Id = $"{rule.Name}-{subtasks.Count + 1}",
                Title = text.Length <= 200 ? text : text[..200],
                Tool = rule.Tool,
                Input = input,
                DependsOn = previous is null ? null : [previous],
            });
        }

        if (problems.Count > 0 || subtasks.Count == 0)
        {
            problems.Add($"The description planner understands: {string.Join("; ", usable.Select(rule => rule.Help))}. " +
                "Give an explicit plan, or a template (fan-out, pipeline, repository-check) with parameters, instead.");
            throw Invalid(problems);
        }

        return new TaskPlan { Subtasks = subtasks, Result = subtasks[^1].Id };
    }

    /// <summary>
    /// The clauses of a description: the text, whether a weak separator (",", " and ") came before it, and where it
    /// starts and ends in the description.
    /// </summary>
    internal static List<(string Text, bool Weak, int Start, int End)> Clauses(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        // Separators inside `backticks` are part of a command or path, so they are masked before splitting.
        var masked = Quoted().Replace(description, match => new string('x', match.Length));
        var clauses = new List<(string, bool, int, int)>();
        var start = 0;
        var weak = false;
        foreach (Match separator in Separator().Matches(masked))
        {
            Add(start, separator.Index);
            start = separator.Index + separator.Length;
            weak = separator.Groups["weak"].Success;
        }

        Add(start, description.Length);
        return clauses;

        void Add(int from, int to)
        {
            while (from < to && char.IsWhiteSpace(description[from]))
            {
                from++;
            }

            from += Connector().Match(description, from, to - from).Length;
            var text = description[from..to].Trim();
            if (text.Length > 0)
            {
                clauses.Add((text, weak, from, from + description[from..to].TrimEnd().Length));
            }
        }
    }

    static (KeywordRule? Rule, Match? Match) MatchRule(string text, List<KeywordRule> rules)
    {
        foreach (var rule in rules)
        {
            var match = rule.Pattern.Match(text);
            if (match.Success)
            {
                return (rule, match);
            }
        }

        return (null, null);
    }

    static bool Usable(KeywordRule rule, PlanCatalog catalog) =>
        catalog.Tools.Find(rule.Tool) is { } tool && (tool.Capability is null || catalog.Capabilities.Contains(tool.Capability));

    static string Unavailable(KeywordRule rule, PlanCatalog catalog) => catalog.Tools.Find(rule.Tool) is { Capability: { } capability }
        ? $"needs capability '{capability}' that no registered agent offers{(capability == "llm" ? " (configure a model)" : string.Empty)}"
        : "is not installed";

    static ValidationFailedException Invalid(List<string> problems) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["description"] = [.. problems] });

    const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b(?:run|execute|exec)\b[^`]*`(?<command>[^`]+)`", Options)]
    private static partial Regex RunPattern();

    [GeneratedRegex(@"\b(?:read|open|cat|show)\s+(?:the\s+)?(?:file\s+)?(?<path>`[^`]+`|[^\s`]*[./][^\s`]*)", Options)]
    private static partial Regex ReadPattern();

    [GeneratedRegex(@"\blist\s+(?:(?<all>all)\s+)?(?:of\s+)?(?:the\s+)?(?:files|directory|directories|contents)\b(?:\s+(?:in|under|of|at)\s+(?<path>`[^`]+`|[^\s`]+))?", Options)]
    private static partial Regex ListPattern();

    [GeneratedRegex(@"\b(?:analy[sz]e|inspect|scan|examine)\b", Options)]
    private static partial Regex AnalysePattern();

    [GeneratedRegex(@"\b(?:ask|explain|summari[sz]e|review|describe|suggest|propose|assess|evaluate)\b", Options)]
    private static partial Regex PromptPattern();

    [GeneratedRegex(@"`(?<path>[^`]+)`|(?<path>(?:\.{1,2}|~)?/[^\s`,;]*|\.{1,2}(?=\s|$)|[\w.-]+/[^\s`,;]*)")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\brecursive(?:ly)?\b", Options)]
    private static partial Regex RecursivePattern();

    /// <summary>The built-in rules, in the order they are tried.</summary>
    public static IReadOnlyList<KeywordRule> DefaultRules() =>
    [
        new("command", "command", RunPattern(),
            (match, _, _) => Json(new JsonObject { ["command"] = new JsonArray([.. CommandLineSplitter.Split(match.Groups["command"].Value).Select(a => (JsonNode)JsonValue.Create(a))]) }),
            "run/execute `a command` (in backticks)"),
        new("read", "read-file", ReadPattern(),
            (match, _, _) => Json(new JsonObject { ["path"] = match.Groups["path"].Value.Trim('`') }),
            "read <path> (a path with '/' or '.', or in backticks)"),
        new("list", "list-files", ListPattern(),
            (match, _, _) => Json(new JsonObject
            {
                ["path"] = match.Groups["path"].Success ? match.Groups["path"].Value.Trim('`') : ".",
                ["recursive"] = match.Groups["all"].Success || RecursivePattern().IsMatch(match.Value + match.Result("$'")),
            }),
            "list [all] files [in <path>] [recursively]"),
        new("analyse", "repository-analysis", AnalysePattern(),
            (match, _, _) =>
            {
                var path = PathPattern().Match(match.Result("$'"));
                return Json(new JsonObject { ["path"] = path.Success ? path.Groups["path"].Value : "." });
            },
            "analyse/analyze/inspect/scan/examine [a path] (repository analysis)"),
        new("prompt", "prompt", PromptPattern(),
            (match, previous, description) =>
            {
                var clause = match.Result("$`") + match.Value + match.Result("$'");
                var prompt = $"{clause.Trim()}\n\nThis is one step of the task: {description}";
                if (previous is not null)
                {
                    prompt += $"\n\nThe output of the previous step ({previous}):\n${{outputs.{previous}}}";
                }

                return Json(new JsonObject { ["prompt"] = prompt });
            },
            "ask/explain/summarise/review/describe/suggest/assess ... (a prompt to the model)"),
    ];

    static JsonElement Json(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
