using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lightning.Testing.Generation.CSharp;

/// <summary>
/// Reads a C# file's syntax tree (Roslyn, no compilation: nothing in the file runs): public static methods and public
/// instance methods of public top-level classes that can be built from a parameterless or simple constructor, with
/// their parameter types and defaults, branch count, <c>throw new X</c> sites and guard clauses
/// (<c>ArgumentNullException.ThrowIfNull</c>, <c>ArgumentOutOfRangeException.ThrowIfNegative</c>, ...).
/// </summary>
internal static class CSharpAnalyzer
{
    /// <summary>What analysis found, and the namespace-qualified name of each class (the harness finds types by it).</summary>
    public sealed record Result(CodeAnalysis Analysis, IReadOnlyDictionary<string, string> FullNames);

    public static Result Analyze(string file, string source, ICollection<string> notes)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: file);
        var root = tree.GetCompilationUnitRoot();
        var points = new List<TestPoint>();
        var classes = new List<TestPointClass>();
        var fullNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
        {
            if (!IsPublic(type.Modifiers) || type.Parent is TypeDeclarationSyntax || type.TypeParameterList is not null)
            {
                continue;
            }

            var name = type.Identifier.ValueText;
            var isStatic = type.Modifiers.Any(SyntaxKind.StaticKeyword);
            var isAbstract = type.Modifiers.Any(SyntaxKind.AbstractKeyword);
            fullNames[name] = Namespace(type) is { Length: > 0 } ns ? $"{ns}.{name}" : name;
            var why = string.Empty;
            var constructor = isStatic || isAbstract ? null : SimpleConstructor(type, out why);
            if (!isStatic && !isAbstract && constructor is null)
            {
                notes.Add($"{file}: {name} has no parameterless or simple public constructor ({why}): its instance methods are left out.");
            }

            if (constructor is not null)
            {
                classes.Add(new TestPointClass { Name = name, Constructor = constructor });
            }

            var methods = type.Members.OfType<MethodDeclarationSyntax>().Where(method => IsPublic(method.Modifiers) && !method.Modifiers.Any(SyntaxKind.AbstractKeyword)).ToList();
            foreach (var method in methods)
            {
                var methodName = method.Identifier.ValueText;
                var isStaticMethod = method.Modifiers.Any(SyntaxKind.StaticKeyword);
                var qualified = $"{name}.{methodName}";
                if (!isStaticMethod && constructor is null)
                {
                    continue;
                }

                var typeArguments = new Dictionary<string, string>(StringComparer.Ordinal);
                if (method.TypeParameterList is not null && !TypeArguments(method, typeArguments, out var unmet))
                {
                    notes.Add($"{file}: {qualified} is generic and {unmet}: left out (a type argument is picked only for class, struct, unmanaged, notnull, new() and the interfaces int or string implement).");
                    continue;
                }

                if (method.ParameterList.Parameters.Any(p => p.Modifiers.Any(m => m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.InKeyword))))
                {
                    notes.Add($"{file}: {qualified} takes ref/out/in parameters: no inputs are generated for it.");
                    continue;
                }

                var arity = method.ParameterList.Parameters.Count;
                var genericArity = typeArguments.Count;
                if (methods.Count(other => other.Identifier.ValueText == methodName && other.ParameterList.Parameters.Count == arity
                    && (other.TypeParameterList?.Parameters.Count ?? 0) == genericArity) > 1)
                {
                    notes.Add($"{file}: {qualified} has overloads with {arity} parameters: left out (the harness finds methods by name and arity).");
                    continue;
                }

                var parameters = method.ParameterList.Parameters.Select(Parameter)
                    .Select(p => p with { Type = Substitute(p.Type, typeArguments, method) }).ToList();
                if (parameters.FirstOrDefault(p => !p.Rest && !CSharpInputs.Supports(p.Type)) is { } unsupported)
                {
                    notes.Add($"{file}: {qualified} takes {unsupported.Name} of type {unsupported.Type}, for which no inputs are generated.");
                    continue;
                }

                var returns = Substitute(method.ReturnType.ToString(), typeArguments, method)!;
                var span = method.GetLocation().GetLineSpan();
                points.Add(new TestPoint
                {
                    Name = methodName,
                    ClassName = name,
                    Static = isStaticMethod,
                    Line = span.StartLinePosition.Line + 1,
                    EndLine = span.EndLinePosition.Line + 1,
                    Parameters = parameters,
                    Variadic = parameters.Any(p => p.Rest),
                    Returns = returns,
                    IsAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword) || returns is "Task" or "ValueTask" || returns.StartsWith("Task<", StringComparison.Ordinal) || returns.StartsWith("ValueTask<", StringComparison.Ordinal),
                    IsGenerator = returns.StartsWith("IEnumerable<", StringComparison.Ordinal) && method.DescendantNodes().OfType<YieldStatementSyntax>().Any(),
                    Branches = Branches(method),
                    Raises = Raises(method),
                    Doc = Summary(method),
                    TypeArgs = genericArity == 0 ? null : $"<{string.Join(", ", typeArguments.Values)}>",
                });
            }
        }

        return new Result(new CodeAnalysis(file, GenerationLanguage.CSharp, points, classes), fullNames);
    }

    /// <summary>Interfaces <c>int</c> implements (by name, without type arguments or namespace), with the keywords it meets.</summary>
    static readonly HashSet<string> IntMeets = new(StringComparer.Ordinal)
    {
        "notnull", "unmanaged", "IComparable", "IEquatable", "IFormattable", "ISpanFormattable", "IUtf8SpanFormattable", "IConvertible",
        "IParsable", "ISpanParsable", "IUtf8SpanParsable", "INumber", "INumberBase", "IBinaryInteger", "IBinaryNumber", "ISignedNumber",
        "IAdditionOperators", "ISubtractionOperators", "IMultiplyOperators", "IDivisionOperators", "IModulusOperators",
        "IComparisonOperators", "IEqualityOperators", "IIncrementOperators", "IDecrementOperators", "IUnaryNegationOperators",
        "IUnaryPlusOperators", "IAdditiveIdentity", "IMultiplicativeIdentity", "IMinMaxValue", "IShiftOperators", "IBitwiseOperators",
    };

    /// <summary>Interfaces <c>string</c> implements, with the keywords it meets.</summary>
    static readonly HashSet<string> StringMeets = new(StringComparer.Ordinal)
    {
        "notnull", "IComparable", "IEquatable", "IConvertible", "ICloneable", "IEnumerable", "IParsable", "ISpanParsable",
    };

    /// <summary>
    /// Picks a type argument per type parameter from its <c>where</c> clause, syntactically (nothing is compiled): a
    /// <c>class</c> constraint gets <c>string</c>, anything else (none, <c>struct</c>, <c>unmanaged</c>, <c>notnull</c>,
    /// <c>new()</c>, <c>INumber&lt;T&gt;</c>, <c>IComparable&lt;T&gt;</c>, ...) gets <c>int</c>, which meets them all. A
    /// constraint neither meets (a base class, another interface, another type parameter, <c>Enum</c>) leaves the
    /// method out. The harness checks for real: <c>MakeGenericMethod</c> refuses a violated constraint.
    /// </summary>
    static bool TypeArguments(MethodDeclarationSyntax method, Dictionary<string, string> picked, out string unmet)
    {
        unmet = string.Empty;
        foreach (var parameter in method.TypeParameterList!.Parameters)
        {
            var name = parameter.Identifier.ValueText;
            var constraints = method.ConstraintClauses.Where(clause => clause.Name.Identifier.ValueText == name).SelectMany(clause => clause.Constraints).ToList();
            var isClass = constraints.Any(c => c.IsKind(SyntaxKind.ClassConstraint));
            if (isClass && constraints.Any(c => c is ConstructorConstraintSyntax))
            {
                // string has no parameterless constructor, and no other built-in class gets inputs.
                unmet = $"{name} must be a class with a parameterless constructor";
                return false;
            }

            var meets = isClass ? StringMeets : IntMeets;
            foreach (var constraint in constraints.OfType<TypeConstraintSyntax>())
            {
                var written = constraint.Type.ToString();
                var bare = written.Split('<')[0];
                bare = bare[(bare.LastIndexOf('.') + 1)..];
                if (!meets.Contains(bare))
                {
                    unmet = $"{name} is constrained to {written}";
                    return false;
                }
            }

            picked[name] = isClass ? "string" : "int";
        }

        return true;
    }

    /// <summary>
    /// The type with each type parameter replaced by its argument (whole words only: <c>T</c>, not <c>TKey</c>). An
    /// unconstrained <c>T?</c> is only a nullable annotation, so it becomes <c>int</c>, not <c>int?</c>; under a
    /// <c>struct</c> constraint it is <c>Nullable&lt;T&gt;</c> and stays <c>int?</c>.
    /// </summary>
    static string? Substitute(string? type, Dictionary<string, string> arguments, MethodDeclarationSyntax method)
    {
        if (type is null || arguments.Count == 0)
        {
            return type;
        }

        var names = string.Join('|', arguments.Keys.Select(Regex.Escape));
        return Regex.Replace(type, $@"\b({names})\b(\?)?", match =>
        {
            var argument = arguments[match.Groups[1].Value];
            var nullable = match.Groups[2].Success;
            var isStruct = method.ConstraintClauses.Any(clause => clause.Name.Identifier.ValueText == match.Groups[1].Value
                && clause.Constraints.Any(c => c.IsKind(SyntaxKind.StructConstraint) || (c is TypeConstraintSyntax t && t.Type.ToString() == "unmanaged")));
            return nullable && (argument == "string" || isStruct) ? argument + "?" : argument;
        }, RegexOptions.None, TimeSpan.FromSeconds(1));
    }

    static bool IsPublic(SyntaxTokenList modifiers) => modifiers.Any(SyntaxKind.PublicKeyword);

    static string Namespace(SyntaxNode node) =>
        string.Join('.', node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(ns => ns.Name.ToString()));

    /// <summary>The parameterless constructor, else the public one with fewest parameters whose types all get inputs; null when there is none.</summary>
    static List<TestPointParameter>? SimpleConstructor(ClassDeclarationSyntax type, out string why)
    {
        why = string.Empty;
        List<TestPointParameter>? primary = type.ParameterList is { } list ? [.. list.Parameters.Select(Parameter)] : null;
        var constructors = type.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        if (constructors.Count == 0)
        {
            if (primary is null || primary.All(p => CSharpInputs.Supports(p.Type)))
            {
                return primary ?? [];
            }

            why = "its primary constructor takes types no inputs are generated for";
            return null;
        }

        var usable = constructors.Where(c => IsPublic(c.Modifiers)).Select(c => c.ParameterList.Parameters.Select(Parameter).ToList())
            .Where(parameters => parameters.All(p => !p.Rest && CSharpInputs.Supports(p.Type))).OrderBy(parameters => parameters.Count).FirstOrDefault();
        if (usable is null)
        {
            why = constructors.Any(c => IsPublic(c.Modifiers)) ? "its public constructors take types no inputs are generated for" : "no public constructor";
        }

        return usable;
    }

    static TestPointParameter Parameter(ParameterSyntax parameter) => new()
    {
        Name = parameter.Identifier.ValueText,
        Type = parameter.Type?.ToString(),
        Default = parameter.Default?.Value.ToString(),
        Rest = parameter.Modifiers.Any(SyntaxKind.ParamsKeyword),
    };

    static int Branches(SyntaxNode method) => method.DescendantNodesAndSelf().Count(node => node switch
    {
        IfStatementSyntax or ConditionalExpressionSyntax or SwitchSectionSyntax or SwitchExpressionArmSyntax or CatchClauseSyntax
            or ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax => true,
        BinaryExpressionSyntax binary => binary.IsKind(SyntaxKind.LogicalAndExpression) || binary.IsKind(SyntaxKind.LogicalOrExpression) || binary.IsKind(SyntaxKind.CoalesceExpression),
        _ => false,
    });

    /// <summary><c>throw new X(...)</c> and the BCL's guard helpers (<c>X.ThrowIfNull(...)</c>), by the exception's name as written.</summary>
    static List<string> Raises(SyntaxNode method)
    {
        var raised = new List<string>();
        foreach (var node in method.DescendantNodes())
        {
            var name = node switch
            {
                ThrowStatementSyntax { Expression: BaseObjectCreationExpressionSyntax creation } => (creation as ObjectCreationExpressionSyntax)?.Type.ToString(),
                ThrowExpressionSyntax { Expression: ObjectCreationExpressionSyntax creation } => creation.Type.ToString(),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } when access.Name.Identifier.ValueText.StartsWith("ThrowIf", StringComparison.Ordinal)
                    && access.Expression.ToString().EndsWith("Exception", StringComparison.Ordinal) => access.Expression.ToString(),
                _ => null,
            };
            if (name is not null && !raised.Contains(name))
            {
                raised.Add(name);
            }
        }

        return raised;
    }

    static string? Summary(SyntaxNode method)
    {
        var comment = method.GetLeadingTrivia().Select(trivia => trivia.GetStructure()).OfType<DocumentationCommentTriviaSyntax>().FirstOrDefault();
        var summary = comment?.Content.OfType<XmlElementSyntax>().FirstOrDefault(element => element.StartTag.Name.ToString() == "summary");
        var text = summary is null ? null : string.Join(' ', summary.Content.ToString().Split('\n').Select(line => line.Trim().TrimStart('/').Trim()).Where(line => line.Length > 0));
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }
}
