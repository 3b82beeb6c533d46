using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Agents.Actions;
using Lightning.Cli.Api;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

/// <summary>
/// Submits an action and follows it live over its WebSocket: the remote stdout goes to stdout, stderr to stderr,
/// and the command exits with the remote exit code. Ctrl+C cancels the action on the server.
/// </summary>
internal sealed class ActionsRunCommand : ServerCommand
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(10);

    readonly Argument<string> _agent = new("AGENT") { Description = "The agent that runs the action" };

    readonly Argument<string[]> _command = new("PROGRAM")
    {
        Description = "The program and its arguments, after '--' so that its options stay its own (no shell: use sh -c '...' for one)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    readonly Option<string> _kind = new("--kind")
    {
        Description = "What to do",
        DefaultValueFactory = _ => "command",
    };

    readonly Option<string> _path = new("--path") { Description = "File or directory in the agent's workspace (read-file, write-file, list-files)", HelpName = "PATH" };

    readonly Option<string> _content = new("--content") { Description = "Text to write (write-file)", HelpName = "TEXT" };

    readonly Option<string> _contentFile = new("--content-file") { Description = "Local file whose text to write, '-' for stdin (write-file)", HelpName = "FILE" };

    readonly Option<bool> _recursive = new("--recursive") { Description = "List subdirectories too (list-files)" };

    readonly Option<string> _prompt = new("--prompt") { Description = "What to ask the agent's model (prompt)", HelpName = "TEXT" };

    readonly Option<string> _cwd = new("--cwd") { Description = "Working directory, relative to the agent's workspace (command)", HelpName = "DIR" };

    readonly Option<int?> _timeout = NumberOption.Create("--timeout", "Stop the action after this many seconds [default: the server's, 600]", "SECONDS", 1, 86_400);

    readonly Option<string[]> _environment = new("--env") { Description = "Environment variable for the command (repeat)", HelpName = "NAME=VALUE" };

    readonly Option<bool> _detach = new("--detach") { Description = "Print the action id and return at once instead of following it" };

    public ActionsRunCommand(CliContext context)
        : base("run", "Run a command (or file or prompt action) on an agent and stream its output live (calls the server)", context)
    {
        _kind.AcceptOnlyFromAmong(ActionText.Kinds);
        Add(_agent);
        Add(_command);
        Add(_kind);
        Add(_path);
        Add(_content);
        Add(_contentFile);
        Add(_recursive);
        Add(_prompt);
        Add(_cwd);
        Add(_timeout);
        Add(_environment);
        Add(_detach);
        Validators.Add(Validate);
    }

    void Validate(CommandResult result)
    {
        var kind = result.GetValue(_kind) ?? "command";
        var program = result.GetValue(_command) ?? [];
        bool Given(Option option) => result.GetResult(option) is { Implicit: false };
        void Only(Option option, params string[] kinds)
        {
            if (Given(option) && !kinds.Contains(kind, StringComparer.Ordinal))
            {
                result.AddError($"{option.Name} does not apply to a {kind} action.");
            }
        }

        switch (kind)
        {
            case "command" when program.Length == 0:
                result.AddError("Give the program to run after '--', for example: lightning actions run AGENT -- git status");
                break;
            case "read-file" or "write-file" when string.IsNullOrWhiteSpace(result.GetValue(_path)):
                result.AddError($"A {kind} action needs --path.");
                break;
            case "write-file" when Given(_content) == Given(_contentFile):
                result.AddError("A write-file action needs one of --content or --content-file.");
                break;
            case "prompt" when !Given(_prompt) && program.Length == 0:
                result.AddError("A prompt action needs --prompt TEXT.");
                break;
        }

        if (program.Length > 0 && kind is not ("command" or "prompt"))
        {
            result.AddError($"A {kind} action takes no program arguments.");
        }

        Only(_path, "read-file", "write-file", "list-files");
        Only(_content, "write-file");
        Only(_contentFile, "write-file");
        Only(_recursive, "list-files");
        Only(_prompt, "prompt");
        Only(_cwd, "command");
        Only(_environment, "command");
        foreach (var variable in result.GetValue(_environment) ?? [])
        {
            if (variable.IndexOf('=', StringComparison.Ordinal) < 1)
            {
                result.AddError($"--env '{variable}' is not NAME=VALUE.");
            }
        }
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var request = await BuildRequestAsync(invocation, cancellationToken);
        var submitted = await invocation.Client.SubmitActionAsync(request, cancellationToken);
        if (invocation.Value(_detach))
        {
            if (invocation.Json)
            {
                JsonOutput.Write(invocation.Output, submitted.Json);
            }
            else
            {
                await invocation.Output.WriteLineAsync(submitted.Value.Id);
            }

            return ExitCodes.Ok;
        }

        var follower = new Follower(invocation);
        try
        {
            var finished = await follower.FollowAsync(submitted.Value.Id, cancellationToken);
            if (invocation.Json)
            {
                JsonOutput.Write(invocation.Output, new JsonObject
                {
                    ["action"] = JsonOutput.Node(finished.Json),
                    ["stdout"] = follower.Stdout.ToString(),
                    ["stderr"] = follower.Stderr.ToString(),
                });
            }

            if (ActionText.Problem(finished.Value) is { } problem)
            {
                await invocation.Error.WriteLineAsync($"error: {ProblemText.OneLine(problem)}");
            }

            return ActionText.ExitCode(finished.Value);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await CancelOnServerAsync(invocation, submitted.Value.Id);
        }
    }

    async Task<ActionRequest> BuildRequestAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var kind = ActionText.ParseKind(invocation.Value(_kind) ?? "command");
        var program = invocation.Value(_command) ?? Array.Empty<string>();
        var content = invocation.Value(_content);
        if (invocation.Value(_contentFile) is { } file)
        {
            content = await invocation.Console.ReadFileOrInputAsync(_contentFile.Name, file, cancellationToken);
        }

        Dictionary<string, string>? environment = null;
        foreach (var variable in invocation.Value(_environment) ?? [])
        {
            // Validated as NAME=VALUE; a name given twice keeps its last value, as in a shell.
            var separator = variable.IndexOf('=', StringComparison.Ordinal);
            (environment ??= new(StringComparer.Ordinal))[variable[..separator]] = variable[(separator + 1)..];
        }

        return new ActionRequest(
            invocation.Required(_agent),
            kind,
            Command: kind == ActionKind.Command ? program : null,
            Path: invocation.Value(_path),
            Content: content,
            Recursive: invocation.Value(_recursive),
            Prompt: kind == ActionKind.Prompt ? invocation.Value(_prompt) ?? string.Join(' ', program) : null,
            WorkingDirectory: invocation.Value(_cwd),
            TimeoutSeconds: invocation.Value(_timeout),
            Environment: environment);
    }

    /// <summary>Ctrl+C: the user wants the work stopped, not just the watching; cancel it on the server before leaving.</summary>
    static async Task<int> CancelOnServerAsync(ServerInvocation invocation, string id)
    {
        using var grace = new CancellationTokenSource(CancelGrace);
        try
        {
            await invocation.Client.CancelActionAsync(id, grace.Token);
            await invocation.Error.WriteLineAsync($"error: cancelled; action {id} was cancelled on the server.");
        }
        catch (LightningApiException ex) when (ex.Status == System.Net.HttpStatusCode.Conflict)
        {
            await invocation.Error.WriteLineAsync($"error: cancelled; action {id} had already finished.");
        }
        catch (Exception ex) when (ex is LightningApiException or ServerUnreachableException or OperationCanceledException)
        {
            await invocation.Error.WriteLineAsync($"error: cancelled, but action {id} could not be cancelled on the server: {ProblemText.OneLine(ex.Message)}");
        }

        return ExitCodes.Cancelled;
    }

    /// <summary>Follows one action to its end: live over the WebSocket, then by polling if the socket drops early.</summary>
    sealed class Follower(ServerInvocation invocation)
    {
        int _printed;

        public StringBuilder Stdout { get; } = new();

        public StringBuilder Stderr { get; } = new();

        public async Task<ApiResult<ActionView>> FollowAsync(string id, CancellationToken cancellationToken)
        {
            await foreach (var streamEvent in invocation.Client.StreamActionAsync(id, cancellationToken))
            {
                if (streamEvent.Output is { } output)
                {
                    await WriteAsync(output.Stream, output.Text);
                }
                else if (streamEvent.IsFinished && streamEvent.Action is { } action)
                {
                    return new ApiResult<ActionView>(action, streamEvent.Data);
                }
            }

            // The socket closed before the end (a proxy timeout, a server restart): the record still tells how it ends.
            while (true)
            {
                var action = await invocation.Client.GetActionAsync(id, cancellationToken);
                if (action.Value.Status.IsFinished())
                {
                    var recorded = await invocation.Client.GetActionOutputAsync(id, cancellationToken);
                    await WriteRestAsync(recorded.Value.Output, recorded.Json);
                    return action;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }

        /// <summary>
        /// Writes what was not printed yet of the recorded output: by stream where the server splits it into
        /// <c>segments</c>, else all to stdout.
        /// </summary>
        async Task WriteRestAsync(string output, JsonElement json)
        {
            if (!json.TryGetProperty("segments", out var segments) || segments.ValueKind != JsonValueKind.Array)
            {
                if (output.Length > _printed)
                {
                    await WriteAsync("stdout", output[_printed..]);
                }

                return;
            }

            var skip = _printed;
            foreach (var segment in segments.EnumerateArray())
            {
                var text = segment.TryGetProperty("text", out var textJson) ? textJson.GetString() ?? string.Empty : string.Empty;
                var stream = segment.TryGetProperty("stream", out var streamJson) ? streamJson.GetString() ?? "stdout" : "stdout";
                if (skip >= text.Length)
                {
                    skip -= text.Length;
                    continue;
                }

                await WriteAsync(stream, text[skip..]);
                skip = 0;
            }
        }

        async Task WriteAsync(string stream, string text)
        {
            _printed += text.Length;
            var isError = string.Equals(stream, "stderr", StringComparison.Ordinal);
            if (invocation.Json)
            {
                (isError ? Stderr : Stdout).Append(text);
                return;
            }

            var writer = isError ? invocation.Error : invocation.Output;
            await writer.WriteAsync(text);
            await writer.FlushAsync();
        }
    }
}
