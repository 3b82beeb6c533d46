using System.Buffers;
using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Insights;

/// <summary>
/// Reads <c>git log --numstat -z</c> in one streaming pass and hands each commit to a visitor. Every commit starts
/// with a record separator (0x1E) and its header fields are split by unit separators (0x1F); with <c>-z</c> git ends
/// every header and every numstat entry with NUL and never quotes paths, so any file name survives. The parser works
/// on byte spans of a reused buffer and interns paths, so a 10,000-commit history costs one process and few strings.
/// </summary>
internal sealed class GitLogReader(GitCli git)
{
    const byte RecordStart = 0x1E;
    const byte FieldSeparator = 0x1F;
    const char TrailerSeparator = '\u001D';

    public async Task ReadAsync(
        string repositoryPath, HistoryFilter filter, bool detectRenames, bool withTrailers, Action<LogCommit> visit, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        var arguments = Arguments(root, filter, detectRenames, withTrailers);
        try
        {
            await git.StreamAsync(root, arguments, (stream, token) => ParseAsync(stream, visit, token), cancellationToken);
        }
        catch (LightningException ex) when (filter.Range is null && string.Equals(ex.Code, "git.unknown_ref", StringComparison.Ordinal))
        {
            // HEAD is unknown only on an unborn branch: a repository without commits has an empty history, not a broken one.
        }
    }

    internal static List<string> Arguments(string root, HistoryFilter filter, bool detectRenames, bool withTrailers)
    {
        var format = "%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%at" + (withTrailers ? "%x1f%(trailers:only,unfold,separator=%x1d)" : string.Empty);
        // Settings a user may have made that would change what git prints are pinned off.
        List<string> arguments =
        [
            "-c", "log.showSignature=false", "-c", "core.quotePath=false",
            "log", "-z", "--numstat", "--no-color", "--no-ext-diff", "--no-textconv", "--use-mailmap",
            // Merges carry no churn, also under --first-parent (which would otherwise diff them against the first parent).
            "--diff-merges=off",
            "--format=" + format,
            detectRenames ? "-M" : "--no-renames",
        ];
        if (filter.FirstParent)
        {
            arguments.Add("--first-parent");
        }

        if (filter.Since is { } since)
        {
            arguments.Add("--since=" + GitDate(since));
        }

        if (filter.Until is { } until)
        {
            arguments.Add("--until=" + GitDate(until));
        }

        arguments.Add("--end-of-options");
        arguments.Add(ValidRange(filter.Range) ?? "HEAD");
        arguments.Add("--");
        foreach (var path in filter.Paths ?? [])
        {
            var relative = RepositoryPaths.Confine(root, path);
            // literal: no glob surprises; top: relative to the root whatever the working directory.
            arguments.Add(":(top,literal)" + (relative.Length == 0 ? "." : relative));
        }

        return arguments;
    }

    internal static string? ValidRange(string? range)
    {
        if (range is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(range) || range.StartsWith('-') || range.AsSpan().IndexOfAny('\0', '\n', '\r') >= 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref", $"'{range}' is not a revision or range.");
        }

        return range;
    }

    static string GitDate(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss +0000", CultureInfo.InvariantCulture);

    internal static async Task ParseAsync(Stream stream, Action<LogCommit> visit, CancellationToken cancellationToken)
    {
        var parser = new Parser(visit);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One token longer than the buffer (a huge trailer block): grow rather than fail.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                var consumed = parser.Consume(buffer.AsSpan(0, filled));
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }

            parser.Finish(buffer.AsSpan(0, filled));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    sealed class Parser(Action<LogCommit> visit)
    {
        readonly LogCommit _commit = new();
        readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);
        char[] _chars = new char[512];
        bool _open;
        int _renameState;
        int _renameAdded;
        int _renameRemoved;
        bool _renameBinary;

        /// <summary>Handles every complete (NUL-terminated) token; returns how many bytes it used.</summary>
        public int Consume(ReadOnlySpan<byte> data)
        {
            var used = 0;
            while (true)
            {
                var end = data[used..].IndexOf((byte)0);
                if (end < 0)
                {
                    return used;
                }

                Token(data.Slice(used, end));
                used += end + 1;
            }
        }

        public void Finish(ReadOnlySpan<byte> rest)
        {
            if (!rest.IsEmpty)
            {
                Token(rest);
            }

            Flush();
        }

        void Token(ReadOnlySpan<byte> token)
        {
            // With rename detection a numstat entry is "added\tremoved\t\0old\0new\0"; the new path is the one kept.
            if (_renameState == 1)
            {
                _renameState = 2;
                return;
            }

            if (_renameState == 2)
            {
                _renameState = 0;
                _commit.Files.Add(new LogFileChange(Intern(token), _renameAdded, _renameRemoved, _renameBinary));
                return;
            }

            while (!token.IsEmpty && token[0] == (byte)'\n')
            {
                token = token[1..];
            }

            if (token.IsEmpty)
            {
                return;
            }

            if (token[0] == RecordStart)
            {
                Flush();
                Header(token[1..]);
                return;
            }

            if (!_open)
            {
                return;
            }

            var firstTab = token.IndexOf((byte)'\t');
            if (firstTab < 0)
            {
                return;
            }

            var afterFirst = token[(firstTab + 1)..];
            var secondTab = afterFirst.IndexOf((byte)'\t');
            if (secondTab < 0)
            {
                return;
            }

            var binary = !int.TryParse(token[..firstTab], NumberStyles.None, CultureInfo.InvariantCulture, out var added)
                | !int.TryParse(afterFirst[..secondTab], NumberStyles.None, CultureInfo.InvariantCulture, out var removed);
            var path = afterFirst[(secondTab + 1)..];
            if (path.IsEmpty)
            {
                _renameState = 1;
                _renameAdded = added;
                _renameRemoved = removed;
                _renameBinary = binary;
                return;
            }

            _commit.Files.Add(new LogFileChange(Intern(path), added, removed, binary));
        }

        void Header(ReadOnlySpan<byte> header)
        {
            _commit.Reset();
            _open = true;
            var field = 0;
            while (true)
            {
                var end = header.IndexOf(FieldSeparator);
                var value = end < 0 ? header : header[..end];
                switch (field)
                {
                    case 0:
                        _commit.Hash = Encoding.ASCII.GetString(value);
                        break;
                    case 1:
                        _commit.ParentCount = CountParents(value);
                        break;
                    case 2:
                        _commit.AuthorName = Encoding.UTF8.GetString(value);
                        break;
                    case 3:
                        _commit.AuthorEmail = Encoding.UTF8.GetString(value);
                        break;
                    case 4:
                        _commit.AuthorTime = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                            : DateTimeOffset.UnixEpoch;
                        break;
                    case 5:
                        foreach (var trailer in Encoding.UTF8.GetString(value).Split(TrailerSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            _commit.Trailers.Add(trailer);
                        }

                        break;
                    default:
                        break;
                }

                if (end < 0)
                {
                    return;
                }

                header = header[(end + 1)..];
                field++;
            }
        }

        static int CountParents(ReadOnlySpan<byte> parents)
        {
            var count = 0;
            foreach (var range in parents.Split((byte)' '))
            {
                if (range.End.GetOffset(parents.Length) > range.Start.GetOffset(parents.Length))
                {
                    count++;
                }
            }

            return count;
        }

        void Flush()
        {
            if (_open)
            {
                visit(_commit);
                _open = false;
            }
        }

        string Intern(ReadOnlySpan<byte> utf8)
        {
            var needed = Encoding.UTF8.GetMaxCharCount(utf8.Length);
            if (_chars.Length < needed)
            {
                _chars = new char[Math.Max(needed, _chars.Length * 2)];
            }

            var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
            var lookup = _paths.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(chars, out var known))
            {
                return known;
            }

            var path = chars.ToString();
            _paths.Add(path, path);
            return path;
        }
    }
}
