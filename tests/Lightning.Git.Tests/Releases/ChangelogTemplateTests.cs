using Lightning.Core.Errors;
using Lightning.Git.Releases;

namespace Lightning.Git.Tests.Releases;

public sealed class ChangelogTemplateTests
{
    static readonly Dictionary<string, object?> Model = new(StringComparer.Ordinal)
    {
        ["name"] = "demo",
        ["empty"] = string.Empty,
        ["none"] = null,
        ["yes"] = true,
        ["no"] = false,
        ["count"] = 3,
        ["items"] = new List<object?>
        {
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["title"] = "a", ["tags"] = new List<object?> { "x", "y" } },
            new Dictionary<string, object?>(StringComparer.Ordinal) { ["title"] = "b", ["tags"] = new List<object?>() },
        },
        ["nested"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["inner"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["value"] = "deep" } },
        ["nothing"] = new List<object?>(),
    };

    [Theory]
    [InlineData("Hello {{name}}!", "Hello demo!")]
    [InlineData("{{ name }}", "demo")]
    [InlineData("[{{unknown}}]", "[]")]
    [InlineData("{{count}} items", "3 items")]
    [InlineData("{{nested.inner.value}}", "deep")]
    [InlineData("{{nested.missing.value}}|", "|")]
    [InlineData("{{#items}}{{title}},{{/items}}", "a,b,")]
    [InlineData("{{#items}}{{title}}:{{#tags}}{{.}}{{/tags}};{{/items}}", "a:xy;b:;")]
    [InlineData("{{#items}}{{name}}{{/items}}", "demodemo")]
    [InlineData("{{#yes}}on{{/yes}}{{#no}}off{{/no}}", "on")]
    [InlineData("{{^no}}not{{/no}}{{^yes}}never{{/yes}}", "not")]
    [InlineData("{{^empty}}e{{/empty}}{{^none}}n{{/none}}{{^nothing}}l{{/nothing}}{{^unknown}}u{{/unknown}}", "enlu")]
    [InlineData("{{#name}}[{{.}}]{{/name}}", "[demo]")]
    [InlineData("{{#nested}}{{inner.value}}{{/nested}}", "deep")]
    [InlineData("a{{! a comment }}b", "ab")]
    [InlineData("{{yes}}/{{no}}", "true/false")]
    public void Render_Tags_FollowMustacheRules(string template, string expected)
    {
        ChangelogTemplate.Parse(template).Render(Model).ShouldBe(expected);
    }

    [Fact]
    public void Render_StandaloneTagLines_LeaveNoBlankLines()
    {
        var template = "start\n{{#items}}\n  {{! note }}\n- {{title}}\n  {{/items}}\nend\n";

        ChangelogTemplate.Parse(template).Render(Model).ShouldBe("start\n- a\n- b\nend\n");
    }

    [Fact]
    public void Render_InlineSectionTags_KeepTheirLine()
    {
        ChangelogTemplate.Parse("x {{#yes}}y{{/yes}}\nz").Render(Model).ShouldBe("x y\nz");
    }

    [Theory]
    [InlineData("{{#items}}never closed", "line 1", "never closed")]
    [InlineData("a\n{{/items}}", "line 2", "never opened")]
    [InlineData("{{#a}}{{#b}}{{/a}}{{/b}}", "line 1", "does not close")]
    [InlineData("ok\nok\n{{name", "line 3", "never closed with '}}'")]
    [InlineData("{{}}", "line 1", "no name")]
    [InlineData("{{#}}{{/}}", "line 1", "no name")]
    public void Parse_MalformedTemplate_ThrowsWithLine(string template, string line, string problem)
    {
        var error = Should.Throw<LightningException>(() => ChangelogTemplate.Parse(template));

        error.Code.ShouldBe("git.changelog_template_invalid");
        error.Message.ShouldContain(line);
        error.Message.ShouldContain(problem);
    }
}
