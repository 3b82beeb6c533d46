namespace Lightning.Testing.Results;

/// <summary>
/// Builds a case id that stays the same across runs of the same test: <c>scope::name</c>, after pytest's node ids.
/// The scope is the class (JUnit classname, Go package, TRX class) when the report names one, else the file, else the
/// suite path; parametrised cases differ by name (<c>test_add[1-2]</c>, <c>Add(a: 1, b: 2)</c>).
/// </summary>
public static class TestCaseId
{
    public const string Separator = "::";

    public static string Create(string? scope, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.IsNullOrEmpty(scope) ? name : scope + Separator + name;
    }

    /// <summary>The first usable scope: a class name that is not just the case's name again (jest-junit's default), a file, a suite path.</summary>
    public static string Create(string? className, string? file, IEnumerable<string> suitePath, string name)
    {
        ArgumentNullException.ThrowIfNull(suitePath);
        if (!string.IsNullOrEmpty(className) && !string.Equals(className, name, StringComparison.Ordinal))
        {
            return Create(className, name);
        }

        if (!string.IsNullOrEmpty(file))
        {
            return Create(file, name);
        }

        return Create(string.Join(Separator, suitePath.Where(part => part.Length > 0)), name);
    }
}
