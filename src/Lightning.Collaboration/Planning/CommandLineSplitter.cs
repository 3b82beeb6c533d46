using System.Text;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// Splits a command line into arguments the way a POSIX shell does for words, without running one: blanks separate,
/// '…' is literal, "…" is literal but for \" and \\, and a backslash outside quotes escapes the next character.
/// Nothing is expanded (no variables, globs or pipes): the result is an argument list for the command tool.
/// </summary>
internal static class CommandLineSplitter
{
    public static List<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var arguments = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < commandLine.Length; i++)
        {
            var c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    arguments.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\'':
                    var close = commandLine.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException($"The command `{commandLine}` has an unterminated ' quote.");
                    }

                    current.Append(commandLine, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    i++;
                    while (true)
                    {
                        if (i >= commandLine.Length)
                        {
                            throw new FormatException($"The command `{commandLine}` has an unterminated \" quote.");
                        }

                        if (commandLine[i] == '"')
                        {
                            break;
                        }

                        if (commandLine[i] == '\\' && i + 1 < commandLine.Length && commandLine[i + 1] is '"' or '\\')
                        {
                            i++;
                        }

                        current.Append(commandLine[i]);
                        i++;
                    }

                    break;
                case '\\' when i + 1 < commandLine.Length:
                    current.Append(commandLine[++i]);
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            arguments.Add(current.ToString());
        }

        if (arguments.Count == 0)
        {
            throw new FormatException("The command is empty.");
        }

        return arguments;
    }
}
