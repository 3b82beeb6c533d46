using System.CommandLine;
using System.Globalization;

namespace Lightning.Cli.Commands;

/// <summary>Whole-number options with a range, whose errors name the option and the range rather than a CLR type.</summary>
internal static class NumberOption
{
    public static Option<int?> Create(string name, string description, string helpName, int min, int max) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {min} to {max}, not '{token}'.");
            return null;
        },
    };
}
