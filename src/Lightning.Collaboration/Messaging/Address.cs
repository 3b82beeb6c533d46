using System.Text.RegularExpressions;

namespace Lightning.Collaboration.Messaging;

/// <summary>
/// Where a message goes: <c>agent:NAME</c>, <c>capability:NAME</c> or <c>broadcast</c>. Names follow the agent and
/// capability rules of the registry (lowercase letters, digits, '-', '.', '_').
/// </summary>
public sealed partial record Address
{
    Address(AddressKind kind, string? name)
    {
        Kind = kind;
        Name = name;
    }

    public AddressKind Kind { get; }

    /// <summary>The agent or capability; null for broadcast.</summary>
    public string? Name { get; }

    public static Address Broadcast { get; } = new(AddressKind.Broadcast, null);

    public static Address Agent(string name) => new(AddressKind.Agent, Check(name));

    public static Address Capability(string name) => new(AddressKind.Capability, Check(name));

    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text == "broadcast")
        {
            return Broadcast;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? throw new FormatException($"Address '{text}' is not 'agent:NAME', 'capability:NAME' or 'broadcast'.")
            : text[..colon] switch
            {
                "agent" => Agent(text[(colon + 1)..]),
                "capability" => Capability(text[(colon + 1)..]),
                _ => throw new FormatException($"Address '{text}' is not 'agent:NAME', 'capability:NAME' or 'broadcast'."),
            };
    }

    public override string ToString() => Kind switch
    {
        AddressKind.Agent => "agent:" + Name,
        AddressKind.Capability => "capability:" + Name,
        _ => "broadcast",
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();

    static string Check(string name) =>
        name is not null && NamePattern().IsMatch(name)
            ? name
            : throw new FormatException($"'{name}' is not a valid agent or capability name (lowercase letters, digits, '.', '_', '-').");
}
