namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// Which language a file is written in, told from its extension (or, for a few build files, its name). Data and prose
/// (JSON, YAML, Markdown, ...) are not languages here, so they never become the primary language, but their lines
/// still count in the totals.
/// </summary>
internal static class LanguageMap
{
    static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".cs"] = "C#", [".csx"] = "C#",
        [".fs"] = "F#", [".fsi"] = "F#", [".fsx"] = "F#",
        [".vb"] = "Visual Basic",
        [".py"] = "Python", [".pyi"] = "Python", [".pyw"] = "Python",
        [".js"] = "JavaScript", [".mjs"] = "JavaScript", [".cjs"] = "JavaScript", [".jsx"] = "JavaScript",
        [".ts"] = "TypeScript", [".tsx"] = "TypeScript", [".mts"] = "TypeScript", [".cts"] = "TypeScript",
        [".go"] = "Go",
        [".java"] = "Java",
        [".kt"] = "Kotlin", [".kts"] = "Kotlin",
        [".scala"] = "Scala", [".sc"] = "Scala",
        [".groovy"] = "Groovy", [".gradle"] = "Groovy",
        [".rb"] = "Ruby", [".rake"] = "Ruby", [".gemspec"] = "Ruby",
        [".php"] = "PHP",
        [".rs"] = "Rust",
        [".c"] = "C", [".h"] = "C",
        [".cpp"] = "C++", [".cc"] = "C++", [".cxx"] = "C++", [".c++"] = "C++", [".hpp"] = "C++", [".hh"] = "C++", [".hxx"] = "C++", [".ipp"] = "C++",
        [".m"] = "Objective-C", [".mm"] = "Objective-C++",
        [".swift"] = "Swift",
        [".dart"] = "Dart",
        [".sh"] = "Shell", [".bash"] = "Shell", [".zsh"] = "Shell", [".ksh"] = "Shell",
        [".ps1"] = "PowerShell", [".psm1"] = "PowerShell", [".psd1"] = "PowerShell",
        [".bat"] = "Batch", [".cmd"] = "Batch",
        [".html"] = "HTML", [".htm"] = "HTML", [".cshtml"] = "HTML", [".razor"] = "HTML",
        [".css"] = "CSS",
        [".scss"] = "SCSS", [".sass"] = "SCSS",
        [".less"] = "Less",
        [".vue"] = "Vue",
        [".svelte"] = "Svelte",
        [".sql"] = "SQL",
        [".lua"] = "Lua",
        [".pl"] = "Perl", [".pm"] = "Perl",
        [".r"] = "R",
        [".jl"] = "Julia",
        [".ex"] = "Elixir", [".exs"] = "Elixir",
        [".erl"] = "Erlang", [".hrl"] = "Erlang",
        [".hs"] = "Haskell",
        [".clj"] = "Clojure", [".cljs"] = "Clojure", [".cljc"] = "Clojure",
        [".ml"] = "OCaml", [".mli"] = "OCaml",
        [".zig"] = "Zig",
        [".nim"] = "Nim",
        [".sol"] = "Solidity",
        [".tf"] = "HCL", [".hcl"] = "HCL",
        [".proto"] = "Protocol Buffers",
    };

    static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        ["Dockerfile"] = "Dockerfile",
        ["Containerfile"] = "Dockerfile",
        ["Makefile"] = "Makefile",
        ["GNUmakefile"] = "Makefile",
        ["makefile"] = "Makefile",
        ["Rakefile"] = "Ruby",
        ["Gemfile"] = "Ruby",
        ["Jenkinsfile"] = "Groovy",
    };

    // Text that is not a language but whose lines count in the totals.
    static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".markdown", ".rst", ".txt", ".adoc", ".json", ".jsonc", ".json5", ".yml", ".yaml", ".toml", ".xml", ".ini", ".cfg",
        ".conf", ".properties", ".env", ".csv", ".tsv", ".svg", ".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".sln", ".slnx",
        ".lock", ".mod", ".sum", ".editorconfig", ".gitignore", ".gitattributes", ".dockerignore", ".graphql", ".gql",
    };

    /// <summary>The language of a file, or null when it is not source code we know.</summary>
    public static string? Of(string fileName)
    {
        if (ByName.TryGetValue(fileName, out var language))
        {
            return language;
        }

        if (fileName.StartsWith("Dockerfile.", StringComparison.Ordinal) || fileName.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return "Dockerfile";
        }

        var extension = System.IO.Path.GetExtension(fileName);
        return extension.Length > 0 && ByExtension.TryGetValue(extension, out language) ? language : null;
    }

    /// <summary>Whether a file that is not source code is still text whose lines are worth counting.</summary>
    public static bool IsText(string fileName)
    {
        var extension = System.IO.Path.GetExtension(fileName);
        return TextExtensions.Contains(extension.Length > 0 ? extension : fileName);
    }
}
