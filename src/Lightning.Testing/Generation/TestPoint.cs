namespace Lightning.Testing.Generation;

/// <summary>
/// A public function or method worth testing, as the language's own parser (Python <c>ast</c>) or runtime (Node) saw it:
/// its parameters with their declared types (annotations, JSDoc), how much it branches and what it throws.
/// </summary>
public sealed record TestPoint
{
    public required string Name { get; init; }

    /// <summary>The class of a method; null for a module-level function.</summary>
    public string? ClassName { get; init; }

    /// <summary>A static or class method: called on the class, no instance needed.</summary>
    public bool Static { get; init; }

    public int? Line { get; init; }

    public int? EndLine { get; init; }

    public IReadOnlyList<TestPointParameter> Parameters { get; init; } = [];

    /// <summary>Takes <c>*args</c>/<c>**kwargs</c>: only its named parameters get inputs.</summary>
    public bool Variadic { get; init; }

    public string? Returns { get; init; }

    public bool IsAsync { get; init; }

    public bool IsGenerator { get; init; }

    /// <summary>Branching constructs (if, loops, try, boolean operators, conditional expressions).</summary>
    public int Branches { get; init; }

    /// <summary>Exception types the code raises or throws by name (error paths).</summary>
    public IReadOnlyList<string> Raises { get; init; } = [];

    public string? Doc { get; init; }

    /// <summary>Go: the type arguments a generic function is called with (<c>[int]</c>), its parameters already instantiated.</summary>
    public string? TypeArgs { get; init; }

    /// <summary><c>Class.method</c> or <c>function</c>.</summary>
    public string QualifiedName => ClassName is null ? Name : $"{ClassName}.{Name}";
}

/// <summary>A parameter: its declared type (null when the code gives none) and default value as source text.</summary>
public sealed record TestPointParameter
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Default { get; init; }

    public bool Rest { get; init; }

    public bool KeywordOnly { get; init; }
}

/// <summary>A public class: its constructor's parameters, for building the instance its methods are called on.</summary>
public sealed record TestPointClass
{
    public required string Name { get; init; }

    public IReadOnlyList<TestPointParameter> Constructor { get; init; } = [];

    /// <summary>Go: the function that builds an instance (<c>NewStack</c>), whose parameters are <see cref="Constructor"/>; null: <c>new(T)</c>.</summary>
    public string? Factory { get; init; }
}

/// <summary>What analysis found in one source file.</summary>
public sealed record CodeAnalysis(string File, GenerationLanguage Language, IReadOnlyList<TestPoint> Points, IReadOnlyList<TestPointClass> Classes)
{
    /// <summary>JavaScript: the module exports one function itself (<c>module.exports = fn</c>), named <c>default</c> among the points.</summary>
    public bool ExportsFunction { get; init; }

    /// <summary>JavaScript and TypeScript: how the helper loaded the file (<c>commonjs</c>, <c>esm</c>, <c>typescript</c>), which decides the test's import syntax.</summary>
    public string? ModuleKind { get; init; }
}
