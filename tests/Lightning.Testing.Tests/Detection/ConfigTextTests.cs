using Lightning.Testing.Detection.Rules;

namespace Lightning.Testing.Tests.Detection;

public sealed class ConfigTextTests
{
    [Fact]
    public void Section_FindsTheBodyUpToTheNextHeader()
    {
        const string text = "[tox]\nenvlist = py3\n\n[pytest]\naddopts = -q\r\ntestpaths = a\n[coverage:run]\nbranch = true\n";

        ConfigText.Section(text, "pytest").ShouldBe("addopts = -q\r\ntestpaths = a");
        ConfigText.Section(text, "tool:pytest").ShouldBeNull();
        ConfigText.Section(null, "pytest").ShouldBeNull();
    }

    [Theory]
    [InlineData("testpaths = tests integration\n", new[] { "tests", "integration" })]
    [InlineData("testpaths =\n    tests\n    integration\naddopts = -q\n", new[] { "tests", "integration" })]
    [InlineData("testpaths = [\"tests\", 'integration']\n", new[] { "tests", "integration" })]
    [InlineData("testpaths = [\n  \"tests\",\n  \"integration\",\n]\naddopts = \"-q\"\n", new[] { "tests", "integration" })]
    [InlineData("testpaths = tests # the unit tests\n", new[] { "tests" })]
    [InlineData("addopts = -q\n", new string[0])]
    public void Values_IniAndTomlForms_AreRead(string section, string[] expected) =>
        ConfigText.Values(section, "testpaths").ShouldBe(expected);
}
