using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lightning.Server.ErrorHandling;

/// <summary>
/// Rewrites System.Text.Json's errors for users: the field that is wrong and, for an enum, the values it takes,
/// without .NET type names.
/// </summary>
internal static partial class JsonErrorDescriber
{
    [GeneratedRegex(@"could not be converted to (?<type>[\w.+`]+)")]
    private static partial Regex ConvertedTo();

    /// <summary>The field (camelCase dotted path, empty for the root) and a message for it.</summary>
    public static (string Field, string Message) Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var path = exception.Path ?? "$";
        var field = path.TrimStart('$').TrimStart('.');
        var match = ConvertedTo().Match(exception.Message);
        if (!match.Success)
        {
            // A syntax error: System.Text.Json's own message says what and where, with no type names.
            return (field, $"Malformed JSON: {exception.Message}");
        }

        var type = FindType(match.Groups["type"].Value.TrimEnd('.')) is { } root ? TypeAt(root, field) : null;
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        var expected = type switch
        {
            { IsEnum: true } => "one of: " + string.Join(", ", Enum.GetNames(type).Select(name => JsonNamingPolicy.KebabCaseLower.ConvertName(name))),
            not null when type == typeof(string) => "a string",
            not null when type == typeof(int) || type == typeof(long) => "a whole number",
            not null when type == typeof(bool) => "true or false",
            not null when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "a list",
            _ => null,
        };
        var where = field.Length == 0 ? "The request body" : $"Field '{field}'";
        return (field, expected is null ? $"{where} has a value of the wrong type." : $"{where} has an invalid value: expected {expected}.");
    }

    static Type? FindType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(assembly => assembly.GetType(name, throwOnError: false)).FirstOrDefault(type => type is not null);

    static Type? TypeAt(Type root, string field)
    {
        var type = root;
        foreach (var part in field.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Split('[')[0];
            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            if (part.Contains('[', StringComparison.Ordinal) && type.IsGenericType)
            {
                type = type.GetGenericArguments()[^1];
            }
        }

        return type;
    }
}
