using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Collaboration.Tasks;

namespace Lightning.Collaboration.Tests.Tasks;

public sealed class InputReferencesTests
{
    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static JsonNode? Lookup(string scope, string path) => (scope, path) switch
    {
        ("inputs", "name") => JsonValue.Create("lightning"),
        ("inputs", "count") => JsonValue.Create(3),
        ("outputs", "scan.report") => JsonNode.Parse("""{"ok":true,"files":["a","b"]}"""),
        _ => null,
    };

    [Fact]
    public void Find_NestedInput_ListsEveryReference()
    {
        var found = InputReferences.Find(Json("""{"a":"${inputs.name}","b":["x ${outputs.scan.report.files} y",{"c":"${inputs.count}"}],"d":5}""")).ToList();

        found.ShouldBe([("inputs", "name"), ("outputs", "scan.report.files"), ("inputs", "count")]);
    }

    [Fact]
    public void Find_NoReferences_IsEmpty() =>
        InputReferences.Find(Json("""{"a":"$inputs.name","b":"${other.x}"}""")).ShouldBeEmpty();

    [Fact]
    public void Resolve_WholeStringReference_BecomesTheJsonValue()
    {
        var resolved = InputReferences.Resolve(Json("""{"report":"${outputs.scan.report}","n":"${inputs.count}"}"""), Lookup);

        resolved.GetProperty("report").GetProperty("files").GetArrayLength().ShouldBe(2);
        resolved.GetProperty("n").GetInt32().ShouldBe(3);
    }

    [Fact]
    public void Resolve_ReferenceInsideText_IsSplicedAsText()
    {
        var resolved = InputReferences.Resolve(Json("""["hello ${inputs.name} x${inputs.count}", "r=${outputs.scan.report}"]"""), Lookup);

        resolved[0].GetString().ShouldBe("hello lightning x3");
        resolved[1].GetString().ShouldBe("""r={"ok":true,"files":["a","b"]}""");
    }

    [Fact]
    public void Resolve_NestedObjectsAndArrays_AreWalkedInPlace()
    {
        var resolved = InputReferences.Resolve(Json("""{"plan":{"subtasks":[{"id":"a","input":{"n":"${inputs.count}"}},{"id":"b","deps":[["x"]]}]}}"""), Lookup);

        resolved.GetProperty("plan").GetProperty("subtasks")[0].GetProperty("input").GetProperty("n").GetInt32().ShouldBe(3);
        resolved.GetProperty("plan").GetProperty("subtasks")[1].GetProperty("deps")[0][0].GetString().ShouldBe("x");
    }

    [Fact]
    public void Resolve_MissingValue_IsNullOrEmptyText()
    {
        var resolved = InputReferences.Resolve(Json("""{"whole":"${inputs.none}","text":"[${inputs.none}]"}"""), Lookup);

        resolved.GetProperty("whole").ValueKind.ShouldBe(JsonValueKind.Null);
        resolved.GetProperty("text").GetString().ShouldBe("[]");
    }

    [Fact]
    public void Resolve_NoReferences_ReturnsTheInput()
    {
        var input = Json("""{"a":1}""");

        InputReferences.Resolve(input, (_, _) => throw new InvalidOperationException("not called")).GetRawText().ShouldBe(input.GetRawText());
    }

    [Fact]
    public void Select_PathWithIndex_FollowsObjectsAndArrays()
    {
        var node = JsonNode.Parse("""{"a":{"list":[{"x":1},{"x":2}]}}""");

        InputReferences.Select(node, ["a", "list", "1", "x"])!.GetValue<int>().ShouldBe(2);
        InputReferences.Select(node, ["a", "list", "9"]).ShouldBeNull();
        InputReferences.Select(node, ["a", "missing"]).ShouldBeNull();
    }
}
