using System.Text;
using Lightning.Testing.Results;

namespace Lightning.Testing.Tests.Flaky;

/// <summary>JUnit XML reports written by the tests: each case with the outcome asked for, as pytest would name it.</summary>
internal static class FlakyReports
{
    public static string JUnit(string className, string file, params (string Name, TestOutcome Outcome, string? Message)[] cases)
    {
        var text = new StringBuilder("<testsuites><testsuite name=\"pytest\">");
        foreach (var (name, outcome, message) in cases)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<testcase classname=\"{className}\" name=\"{name}\" file=\"{file}\" time=\"0.05\">");
            text.Append(outcome switch
            {
                TestOutcome.Failed => $"<failure message=\"{message ?? "assert False"}\">trace</failure>",
                TestOutcome.Errored => $"<error message=\"{message ?? "boom"}\">trace</error>",
                TestOutcome.Skipped => "<skipped message=\"skip\"/>",
                TestOutcome.Flaky => $"<flakyFailure message=\"{message ?? "assert False"}\"><stackTrace>trace</stackTrace></flakyFailure>",
                _ => string.Empty,
            });
            text.Append("</testcase>");
        }

        return text.Append("</testsuite></testsuites>").ToString();
    }
}
