using System.Globalization;

namespace Lightning.Monitoring.Model;

// The kinds are named as InfluxDB's line protocol names them.
#pragma warning disable CA1720
public enum FieldKind
{
    Float,
    Integer,
    Boolean,
    String,
}
#pragma warning restore CA1720

/// <summary>One field value, typed as InfluxDB types them (float, integer, boolean, string).</summary>
public readonly record struct FieldValue
{
    FieldValue(FieldKind kind, double number, long integer, string? text)
    {
        Kind = kind;
        _number = number;
        _integer = integer;
        _text = text;
    }

    readonly double _number;
    readonly long _integer;
    readonly string? _text;

    public FieldKind Kind { get; }

    public static FieldValue OfFloat(double value) => new(FieldKind.Float, value, 0, null);
    public static FieldValue OfInteger(long value) => new(FieldKind.Integer, 0, value, null);
    public static FieldValue OfBoolean(bool value) => new(FieldKind.Boolean, 0, value ? 1 : 0, null);
    public static FieldValue OfString(string value) => new(FieldKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public bool IsNumeric => Kind is not FieldKind.String;

    /// <summary>The value as a number: floats as they are, integers converted, booleans 1 or 0; NaN for strings.</summary>
    public double AsDouble() => Kind switch
    {
        FieldKind.Float => _number,
        FieldKind.Integer or FieldKind.Boolean => _integer,
        _ => double.NaN,
    };

    public long AsInteger() => Kind == FieldKind.Float ? (long)_number : _integer;
    public bool AsBoolean() => Kind == FieldKind.Float ? _number != 0 : _integer != 0;
    public string AsString() => _text ?? ToString();

    public override string ToString() => Kind switch
    {
        FieldKind.Float => _number.ToString("R", CultureInfo.InvariantCulture),
        FieldKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        FieldKind.Boolean => _integer != 0 ? "true" : "false",
        _ => _text!,
    };
}
