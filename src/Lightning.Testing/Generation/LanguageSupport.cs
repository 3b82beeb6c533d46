using System.Reflection;
using Lightning.Testing.Detection;

namespace Lightning.Testing.Generation;

/// <summary>
/// What test generation needs from one language: its helper program (analysis and observed execution), where tests
/// go and how their files are written, how a characterisation test is phrased, and how its framework selects one test.
/// </summary>
internal abstract class LanguageSupport
{
    public abstract GenerationLanguage Language { get; }

    public abstract TestFramework Framework { get; }

    /// <summary>The program that runs the helper (<c>python3</c>, <c>node</c>), as the toolchain probe names it.</summary>
    public abstract string Program { get; }

    public abstract string HelperFile { get; }

    /// <summary>Whether a repository-relative path is code worth generating tests for (not a test, not a dependency).</summary>
    public abstract bool IsSource(string relativePath);

    /// <summary>The candidate's own file in the scratch copy (one file per candidate, so one that does not compile fails alone).</summary>
    public abstract string CandidateFile(string projectDirectory, string target, int index);

    /// <summary>The file the kept tests of <paramref name="target"/> are written to on acceptance; a free name.</summary>
    public abstract string AcceptedFile(string projectDirectory, string target);

    /// <summary>What the test file needs to reach the code under test: imports of the target's names.</summary>
    public abstract IReadOnlyList<string> Imports(string projectDirectory, string target, string testFile, CodeAnalysis analysis, IEnumerable<Observation> observations);

    /// <summary>A whole test file: a header comment, the imports (deduplicated, in order), then the tests.</summary>
    public abstract string Render(IEnumerable<string> imports, IEnumerable<string> tests);

    /// <summary>The test that pins <paramref name="observation"/> of <paramref name="call"/>, or null when there is nothing to pin.</summary>
    public abstract (string Name, string Code)? Characterise(CallPlan call, Observation observation, ISet<string> usedNames);

    /// <summary>The runner's selector for a test of a file (relative to the project).</summary>
    public abstract string Selector(string testFile, string name);

    /// <summary>A literal's source for a constructor argument list or call.</summary>
    public static string Arguments(IEnumerable<string> sources) => string.Join(", ", sources);

    public string HelperText()
    {
        var name = $"Lightning.Testing.Generation.{HelperFile}";
        using var stream = typeof(LanguageSupport).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The helper {HelperFile} is not embedded in {typeof(LanguageSupport).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static LanguageSupport For(GenerationLanguage language) => language switch
    {
        GenerationLanguage.Python => new Python.PythonSupport(),
        GenerationLanguage.JavaScript => new JavaScript.JavaScriptSupport(),
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    /// <summary>The first free path among <paramref name="directory"/>/<paramref name="stem"/><paramref name="extension"/>, then _2, _3, ...</summary>
    protected static string FreeName(string projectDirectory, string directory, string stem, string extension)
    {
        for (var index = 1; ; index++)
        {
            var name = index == 1 ? stem + extension : $"{stem}_{index}{extension}";
            var relative = directory is "" or "." ? name : $"{directory}/{name}";
            if (!File.Exists(Path.Combine(projectDirectory, relative)))
            {
                return relative;
            }
        }
    }

    /// <summary>The project's test directory, when it has a conventional one.</summary>
    protected static string? TestDirectory(string projectDirectory, params string[] names) =>
        names.FirstOrDefault(name => Directory.Exists(Path.Combine(projectDirectory, name)));

    /// <summary>snake_case words of a name or label, for test names (<c>parseInt</c> → <c>parse_int</c>).</summary>
    public static string Snake(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        char previous = '_';
        foreach (var c in text)
        {
            if (char.IsUpper(c) && char.IsLetterOrDigit(previous) && !char.IsUpper(previous) && builder.Length > 0)
            {
                builder.Append('_');
            }

            var next = char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_';
            if (next == '_' && (builder.Length == 0 || builder[^1] == '_'))
            {
                previous = c;
                continue;
            }

            builder.Append(next);
            previous = c;
        }

        return builder.ToString().Trim('_');
    }

    /// <summary>A short name for a returned value: <c>0</c>, <c>minus_7</c>, <c>true</c>, <c>empty_string</c>; else its type.</summary>
    protected static string ValueWords(Observation observation)
    {
        var value = observation.Value;
        if (value is null)
        {
            return Snake(observation.Type ?? "value");
        }

        if (value is "''" or "\"\"")
        {
            return "empty_string";
        }

        if (value is "[]")
        {
            return "empty_list";
        }

        if (value is "{}")
        {
            return "empty_dict";
        }

        if (value.Length <= 12 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '\'' or '"'))
        {
            var words = Snake(value.Replace("-", "minus_", StringComparison.Ordinal).Replace(".", "_point_", StringComparison.Ordinal));
            return words.Length > 0 ? words : Snake(observation.Type ?? "value");
        }

        return Snake(observation.Type ?? "value");
    }

    protected static string Unique(string name, ISet<string> used)
    {
        var candidate = name;
        for (var index = 2; !used.Add(candidate); index++)
        {
            candidate = $"{name}_{index}";
        }

        return candidate;
    }
}
