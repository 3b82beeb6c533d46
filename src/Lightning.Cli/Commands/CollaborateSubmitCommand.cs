using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;

namespace Lightning.Cli.Commands;

/// <summary>
/// Submits a complex task: a task or plan file (JSON or YAML, checked here first so its mistakes come with line and
/// column), a description to plan from, or a template with parameters; options override the file's fields.
/// </summary>
internal sealed class CollaborateSubmitCommand : ServerCommand
{
    readonly Option<string> _file = new("--file", "-f")
    {
        Description = "A task (title, description, inputs, plan or template, budget...) or just a plan ({subtasks: [...]}), in JSON or YAML; '-' for stdin",
        HelpName = "FILE",
    };

    readonly Option<string> _description = new("--description") { Description = "What to do, in words (planned by the server when there is no plan)", HelpName = "TEXT" };

    readonly Option<string> _title = new("--title") { Description = "A short title [default: the description's first line]", HelpName = "TEXT" };

    readonly Option<string> _template = new("--template") { Description = "A task template: fan-out, pipeline, repository-check", HelpName = "NAME" };

    readonly Option<string[]> _parameters = new("--param")
    {
        Description = "A template parameter (repeat); VALUE is read as JSON when it is JSON (a number, [list], {object}), else as text",
        HelpName = "KEY=VALUE",
    };

    readonly Option<int?> _priority = NumberOption.Create("--priority", "0-9, higher first [default: 5]", "N", 0, 9);

    readonly Option<bool> _watch = new("--watch") { Description = "Follow it live until it finishes; exit 0 when it succeeded, 1 otherwise" };

    public CollaborateSubmitCommand(CliContext context)
        : base("submit", "Submit a complex task for agents to work on together and print its id (calls the server)", context)
    {
        Add(_file);
        Add(_description);
        Add(_title);
        Add(_template);
        Add(_parameters);
        Add(_priority);
        Add(_watch);
        Validators.Add(Validate);
    }

    void Validate(CommandResult result)
    {
        if (result.GetValue(_file) is null && string.IsNullOrWhiteSpace(result.GetValue(_description)) && result.GetValue(_template) is null)
        {
            result.AddError("Give the task: --file FILE (a task or plan), --description TEXT, or --template NAME --param KEY=VALUE.");
        }

        if (result.GetValue(_parameters) is { Length: > 0 } && result.GetValue(_template) is null && result.GetValue(_file) is null)
        {
            result.AddError("--param applies to a template: add --template NAME.");
        }

        foreach (var parameter in result.GetValue(_parameters) ?? [])
        {
            if (parameter.IndexOf('=', StringComparison.Ordinal) < 1)
            {
                result.AddError($"--param '{parameter}' is not KEY=VALUE.");
            }
        }
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var task = await BuildTaskAsync(invocation, cancellationToken);
        var submitted = await invocation.Client.SubmitCollaborationAsync(task, cancellationToken);
        var id = submitted.Value.Id;
        if (invocation.Value(_watch))
        {
            if (!invocation.Json)
            {
                await invocation.Output.WriteLineAsync(id);
            }

            return await new CollaborationWatcher(invocation).WatchAsync(id, cancellationToken);
        }

        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, submitted.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync(id);
        }

        return ExitCodes.Ok;
    }

    async Task<ComplexTask> BuildTaskAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var task = new ComplexTask();
        if (invocation.Value(_file) is { } file)
        {
            task = Read(file, await invocation.Console.ReadFileOrInputAsync(_file.Name, file, cancellationToken));
        }

        if (invocation.Value(_description) is { } description)
        {
            task = task with { Description = description };
        }

        if (invocation.Value(_title) is { } title)
        {
            task = task with { Title = title };
        }

        if (invocation.Value(_template) is { } template)
        {
            task = task with { Template = template };
        }

        if (invocation.Value(_priority) is { } priority)
        {
            task = task with { Priority = priority };
        }

        if (invocation.Value(_parameters) is { Length: > 0 } parameters)
        {
            var merged = new Dictionary<string, JsonElement>(task.Parameters ?? new Dictionary<string, JsonElement>(), StringComparer.Ordinal);
            foreach (var parameter in parameters)
            {
                var separator = parameter.IndexOf('=', StringComparison.Ordinal);
                merged[parameter[..separator]] = ParameterValue(parameter[(separator + 1)..]);
            }

            task = task with { Parameters = merged };
        }

        return task;
    }

    /// <summary>A task file, or a bare plan (a document with <c>subtasks</c> at the top) wrapped in a task.</summary>
    static ComplexTask Read(string file, string text)
    {
        var hint = file == "-" ? null : file;
        try
        {
            if (LooksLikePlan(text, hint))
            {
                return new ComplexTask { Plan = PlanDocument.ParsePlan(text, hint) };
            }

            return PlanDocument.ParseTask(text, hint);
        }
        catch (LightningException ex)
        {
            throw new CliException(ExitCodes.InvalidRequest, $"{(file == "-" ? "stdin" : file)}: {ex.Message}");
        }
    }

    /// <summary>Whether the document's top level has <c>subtasks</c> (a plan) rather than a task's fields.</summary>
    static bool LooksLikePlan(string text, string? hint)
    {
        if (PlanDocument.IsJson(text, hint))
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("subtasks", out _);
            }
            catch (JsonException)
            {
                // Let the strict reader say what is wrong, with line and column.
                return false;
            }
        }

        return text.Split('\n').Any(line => line.StartsWith("subtasks:", StringComparison.Ordinal));
    }

    static JsonElement ParameterValue(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(value);
        }
    }
}
