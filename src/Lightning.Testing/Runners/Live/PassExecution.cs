using System.Text;
using System.Threading.Channels;
using Lightning.Core.Processes;
using Lightning.Testing.Results.Events;

namespace Lightning.Testing.Runners.Live;

/// <summary>
/// Runs one test process through the platform's process runner and feeds what it says, as it says it, to a
/// <see cref="LiveTranslator"/>: its stdout and stderr line by line, and the lines a plugin appends to the events file
/// (polled while the process runs, read to the end after it). Lines that are not protocol become run output: kept
/// (bounded) and published live. Everything passes through one queue and one reader, so the translator and the
/// <see cref="LiveRun"/> are never called concurrently, and the process runner's output callback never waits.
/// </summary>
internal static class PassExecution
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    enum Source
    {
        Stdout,
        Stderr,
        Events,
    }

    readonly record struct Piece(Source Source, string Text);

    public static async Task<ProcessResult> RunAsync(
        IProcessRunner processes, ProcessSpec spec, LiveTranslator translator, LiveRun live, PassCapture capture, CancellationToken cancellationToken)
    {
        var queue = Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true });
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = ReadAsync(queue.Reader, translator, live, capture);
        var tail = capture.EventsFile is null ? Task.CompletedTask : TailAsync(capture.EventsFile, queue.Writer, ended.Task);
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(
                spec,
                chunk => queue.Writer.TryWrite(new Piece(chunk.Stream == OutputStream.Stdout ? Source.Stdout : Source.Stderr, chunk.Text)),
                cancellationToken);
        }
        finally
        {
            ended.TrySetResult();
            try
            {
                await tail;
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }

        await reader;
        return result;
    }

    static async Task ReadAsync(ChannelReader<Piece> queue, LiveTranslator translator, LiveRun live, PassCapture capture)
    {
        var stdout = new LineSplitter();
        var stderr = new LineSplitter();
        var events = new LineSplitter();
        await using var copy = capture.StdoutCopy is null ? null : new StreamWriter(capture.StdoutCopy, append: false, new UTF8Encoding(false));
        await foreach (var piece in queue.ReadAllAsync())
        {
            if (piece.Source == Source.Events)
            {
                foreach (var line in events.Push(piece.Text))
                {
                    await translator.OnEventLineAsync(line);
                }

                continue;
            }

            if (copy is not null && (piece.Source == Source.Stdout || capture.CopyStderr))
            {
                await copy.WriteAsync(piece.Text);
            }

            var stream = piece.Source == Source.Stdout ? OutputStream.Stdout : OutputStream.Stderr;
            await LinesAsync((stream == OutputStream.Stdout ? stdout : stderr).Push(piece.Text), stream, translator, live, capture);
        }

        if (stdout.Flush() is { } lastOut)
        {
            await LinesAsync([lastOut], OutputStream.Stdout, translator, live, capture);
        }

        if (stderr.Flush() is { } lastErr)
        {
            await LinesAsync([lastErr], OutputStream.Stderr, translator, live, capture);
        }

        if (events.Flush() is { } lastEvent)
        {
            await translator.OnEventLineAsync(lastEvent);
        }

        await translator.CompleteAsync();
    }

    static async Task LinesAsync(List<string> lines, OutputStream stream, LiveTranslator translator, LiveRun live, PassCapture capture)
    {
        StringBuilder? shown = null;
        foreach (var line in lines)
        {
            if (!await translator.OnLineAsync(stream, line))
            {
                (shown ??= new StringBuilder()).Append(line).Append('\n');
            }
        }

        if (shown is null)
        {
            return;
        }

        var text = shown.ToString();
        (stream == OutputStream.Stdout ? capture.Stdout : capture.Stderr)?.Append(text);
        await live.OutputAsync(null, stream == OutputStream.Stdout ? TestOutputStream.Stdout : TestOutputStream.Stderr, text);
    }

    static async Task TailAsync(string path, ChannelWriter<Piece> queue, Task ended)
    {
        await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        while (true)
        {
            // Read to the end once more after the process ended: what it wrote last is there by then.
            var last = ended.IsCompleted;
            int read;
            while ((read = await file.ReadAsync(bytes)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (count > 0)
                {
                    queue.TryWrite(new Piece(Source.Events, new string(chars, 0, count)));
                }
            }

            if (last)
            {
                return;
            }

            await Task.WhenAny(ended, Task.Delay(PollInterval));
        }
    }
}

/// <summary>
/// Where a pass's output goes besides the live stream: the events file to follow, a copy of stdout (a report that is a
/// stream, like <c>go test -json</c>, with stderr too when <see cref="CopyStderr"/> so it reads as <c>2&gt;&amp;1</c>), and
/// the bounded text of each stream kept for the run (null: the report keeps it).
/// </summary>
internal sealed record PassCapture(string? EventsFile, string? StdoutCopy, bool CopyStderr, BoundedText? Stdout, BoundedText? Stderr);
