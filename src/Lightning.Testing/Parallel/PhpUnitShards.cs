using System.Xml;
using System.Xml.Linq;
using Lightning.Testing.Results;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists a PHPUnit project's test methods with <c>phpunit --list-tests-xml FILE</c> (PHPUnit 9 to 11 write
/// <c>testCaseClass</c>/<c>testCaseMethod</c> elements). A unit is a method with all its data sets: the adapter's
/// <c>--filter /^(?:Class::method)(?: with data set .*)?$/</c> runs exactly those. A project with .phpt tests is not
/// split, as --filter cannot select them.
/// </summary>
internal static class PhpUnitShards
{
    const string DataSet = " with data set ";

    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(ShardLister lister, CancellationToken cancellationToken)
    {
        using var scratch = ShardLister.Scratch();
        var list = Path.Combine(scratch.Path, "tests.xml");
        List<string> command = [.. lister.Command, "--list-tests-xml", list, "--colors=never"];
        var result = await lister.RunAsync(command, cancellationToken);
        if (!result.Succeeded || !File.Exists(list))
        {
            return (null, ShardLister.Failed(command, result));
        }

        var (methods, phpt) = Parse(await File.ReadAllTextAsync(list, cancellationToken));
        if (methods is null)
        {
            return (null, "phpunit --list-tests-xml wrote a file that is not the list of tests");
        }

        if (phpt > 0)
        {
            return (null, $"the project has {phpt} .phpt test(s), which --filter cannot select");
        }

        var known = methods.ToHashSet(StringComparer.Ordinal);
        return (new ShardListing([.. methods.Select(method => new ShardUnit(method, [method]))], "test method", timing => MethodOf(timing.Id, known)), null);
    }

    /// <summary><c>Class::method</c> names (namespaces with '\'), distinct, in listed order; and how many .phpt files there are. Null methods: not the list.</summary>
    internal static (List<string>? Methods, int Phpt) Parse(string xml)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(xml);
        }
        catch (XmlException)
        {
            return (null, 0);
        }

        if (document.Root?.Name.LocalName != "tests")
        {
            return (null, 0);
        }

        var methods = document.Root.Descendants().Where(element => element.Name.LocalName == "testCaseMethod")
            .Select(element => (Class: element.Parent?.Attribute("name")?.Value, Method: element.Attribute("name")?.Value))
            .Where(entry => !string.IsNullOrEmpty(entry.Class) && !string.IsNullOrEmpty(entry.Method))
            .Select(entry => entry.Class!.TrimStart('\\') + TestCaseId.Separator + entry.Method)
            .Distinct(StringComparer.Ordinal).ToList();
        return (methods, document.Root.Descendants().Count(element => element.Name.LocalName == "phptFile"));
    }

    /// <summary>A recorded case id (<c>App.Tests.CalcTest::testSum with data set #0</c>) as the method it belongs to.</summary>
    static string? MethodOf(string caseId, HashSet<string> methods)
    {
        var separator = caseId.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var name = caseId[(separator + TestCaseId.Separator.Length)..];
        var dataSet = name.IndexOf(DataSet, StringComparison.Ordinal);
        var method = caseId[..separator].Replace('.', '\\') + TestCaseId.Separator + (dataSet < 0 ? name : name[..dataSet]);
        return methods.Contains(method) ? method : null;
    }
}
