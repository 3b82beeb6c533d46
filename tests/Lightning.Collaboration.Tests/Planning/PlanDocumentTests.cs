using System.Runtime.CompilerServices;
using System.Text.Json;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class PlanDocumentTests
{
    const string JsonPlan = """
        {
          "maxParallel": 2,
          "groups": { "tests": 1 },
          "result": "vote",
          "subtasks": [
            { "id": "a", "tool": "command", "input": { "command": ["dotnet", "test"] }, "group": "tests",
              "retry": { "maxAttempts": 3, "backoffSeconds": 2 }, "onFailure": "continue", "selection": "least-loaded" },
            { "id": "b", "tool": "echo", "input": { "v": 1 } },
            { "id": "vote", "dependsOn": ["a", "b"], "aggregate": { "strategy": "majority-vote", "field": "v" } }
          ]
        }
        """;

    const string YamlPlan = """
        maxParallel: 2
        groups:
          tests: 1
        result: vote
        subtasks:
          - id: a
            tool: command
            input:
              command: [dotnet, test]
            group: tests
            retry: { maxAttempts: 3, backoffSeconds: 2 }
            onFailure: continue
            selection: least-loaded
          - id: b
            tool: echo
            input: { v: 1 }
          - id: vote
            dependsOn: [a, b]
            aggregate:
              strategy: majority-vote
              field: v
        """;

    [Fact]
    public void ParsePlan_DocumentationExample_BuildsAValidGraph()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "collaboration.md"));
        var start = docs.IndexOf("```yaml\nmaxParallel: 4", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)];

        var plan = PlanDocument.ParsePlan(yaml, "yaml");
        var graph = TaskGraph.Build(plan, Tasks.TestCatalogs.Default(), new Dictionary<string, JsonElement> { ["repo"] = JsonSerializer.SerializeToElement(".") });

        graph.Count.ShouldBe(5);
        graph.CompensationOnly[graph.IndexOf("notify")].ShouldBeTrue();
        graph.MaxDepth.ShouldBe(3);
    }

    // The source file's path, not the binaries' (which may live in an artifacts directory elsewhere).
    static string RepositoryRoot([CallerFilePath] string source = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lightning.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Lightning.slnx not found above the test sources.");
    }

    static string Errors(Action parse) => string.Join("\n", Should.Throw<ValidationFailedException>(parse).Errors.SelectMany(pair => pair.Value));

    [Fact]
    public void ParsePlan_Json_ReadsEveryField()
    {
        var plan = PlanDocument.ParsePlan(JsonPlan, null);

        plan.MaxParallel.ShouldBe(2);
        plan.Groups!["tests"].ShouldBe(1);
        plan.Result.ShouldBe("vote");
        plan.Subtasks.Count.ShouldBe(3);
        var a = plan.Subtasks[0];
        a.Input!.Value.GetProperty("command")[1].GetString().ShouldBe("test");
        a.Retry.ShouldBe(new RetryPolicy(3, 2));
        a.OnFailure.ShouldBe(FailureAction.Continue);
        a.Selection.ShouldBe(SelectionStrategy.LeastLoaded);
        plan.Subtasks[2].Aggregate.ShouldBe(new AggregationSpec(AggregationStrategy.MajorityVote, null, "v"));
        plan.Subtasks[2].DependsOn.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void ParsePlan_Yaml_GivesTheSamePlanAsJson()
    {
        var fromJson = PlanDocument.ParsePlan(JsonPlan, "json");
        var fromYaml = PlanDocument.ParsePlan(YamlPlan, "yaml");

        JsonSerializer.Serialize(fromYaml, LightningJson.Options).ShouldBe(JsonSerializer.Serialize(fromJson, LightningJson.Options));
    }

    [Fact]
    public void ParsePlan_YamlScalars_FollowTheCoreSchema()
    {
        var plan = PlanDocument.ParsePlan("""
            subtasks:
              - id: a
                tool: echo
                input: { n: 5, s: "5", f: 1.5, yes: true, no: 'false', nothing: ~, text: hello }
            """, null);

        var input = plan.Subtasks[0].Input!.Value;
        input.GetProperty("n").GetInt32().ShouldBe(5);
        input.GetProperty("s").GetString().ShouldBe("5");
        input.GetProperty("f").GetDouble().ShouldBe(1.5);
        input.GetProperty("yes").GetBoolean().ShouldBeTrue();
        input.GetProperty("no").GetString().ShouldBe("false");
        input.GetProperty("nothing").ValueKind.ShouldBe(JsonValueKind.Null);
        input.GetProperty("text").GetString().ShouldBe("hello");
    }

    [Fact]
    public void ParsePlan_YamlUnknownField_NamesItWithLineAndColumn()
    {
        var errors = Errors(() => PlanDocument.ParsePlan("""
            subtasks:
              - id: a
                tool: echo
                dependson: [b]
            """, null));

        errors.ShouldContain("Unknown field 'dependson'");
        errors.ShouldContain("line 4, column 5");
        errors.ShouldContain("dependsOn");
    }

    [Fact]
    public void ParsePlan_JsonUnknownFields_NamesEveryOneWithLine()
    {
        var exception = Should.Throw<ValidationFailedException>(() => PlanDocument.ParsePlan("""
            {
              "subtasks": [ { "id": "a", "tool": "echo", "colour": "red" } ],
              "maxParalel": 3
            }
            """, null));

        exception.Errors.Keys.ShouldBe(["subtasks[0].colour", "maxParalel"], ignoreOrder: true);
        exception.Errors["subtasks[0].colour"][0].ShouldContain("line 2, column 46");
        exception.Errors["maxParalel"][0].ShouldContain("line 3, column 3");
    }

    [Fact]
    public void ParsePlan_UnknownFieldInNestedRecord_Rejected() =>
        Errors(() => PlanDocument.ParsePlan("""{"subtasks":[{"id":"a","tool":"echo","retry":{"attempts":3}}]}""", null))
            .ShouldContain("Unknown field 'attempts'");

    [Fact]
    public void ParsePlan_InvalidJson_ReportsLineAndColumn()
    {
        var errors = Errors(() => PlanDocument.ParsePlan("{\n  \"subtasks\": [\n    { \"id\": \"a\" \"tool\": \"echo\" }\n  ]\n}", null));

        errors.ShouldContain("not valid JSON at line 3");
    }

    [Fact]
    public void ParsePlan_InvalidYaml_ReportsLine()
    {
        var errors = Errors(() => PlanDocument.ParsePlan("subtasks:\n  - id: a\n    tool: [echo\n", null));

        errors.ShouldContain("not valid YAML at line");
    }

    [Fact]
    public void ParsePlan_UnknownEnumValue_ListsTheAllowedOnes()
    {
        var errors = Errors(() => PlanDocument.ParsePlan("""{"subtasks":[{"id":"a","tool":"echo","onFailure":"explode"}]}""", null));

        errors.ShouldContain("subtasks[0].onFailure");
        errors.ShouldContain("fail, continue, compensate");
    }

    [Fact]
    public void ParsePlan_WrongType_NamesThePath() =>
        Errors(() => PlanDocument.ParsePlan("""{"subtasks":[{"id":"a","tool":"echo","dependsOn":"b"}]}""", null))
            .ShouldContain("subtasks[0].dependsOn");

    [Fact]
    public void ParsePlan_NotAnObject_Rejected() =>
        Errors(() => PlanDocument.ParsePlan("- a\n- b\n", null)).ShouldContain("must be an object");

    [Fact]
    public void ParsePlan_TwoYamlDocuments_Rejected() =>
        Errors(() => PlanDocument.ParsePlan("subtasks: []\n---\nsubtasks: []\n", "yaml")).ShouldContain("2 YAML documents");

    [Fact]
    public void ParseTask_YamlWithTemplate_ReadsParametersAndInputs()
    {
        var task = PlanDocument.ParseTask("""
            title: Check every service
            priority: 7
            inputs:
              branch: main
            template: fan-out
            parameters:
              items: [api, web]
              tool: echo
              input: { service: "${item}", branch: "${inputs.branch}" }
            """, "task.yaml");

        task.Title.ShouldBe("Check every service");
        task.Priority.ShouldBe(7);
        task.Inputs!["branch"].GetString().ShouldBe("main");
        task.Template.ShouldBe("fan-out");
        task.Parameters!["items"].GetArrayLength().ShouldBe(2);
        task.Parameters["input"].GetProperty("branch").GetString().ShouldBe("${inputs.branch}");
    }

    [Fact]
    public void ParseTask_UnknownTaskField_Rejected() =>
        Errors(() => PlanDocument.ParseTask("""{"description":"x","priorty":3}""", null)).ShouldContain("Unknown field 'priorty' (line 1, column 20) in a task. Known fields: budget, deadline, description");

    [Theory]
    [InlineData("{\"subtasks\":[]}", null, true)]
    [InlineData("  \n {\"subtasks\":[]}", null, true)]
    [InlineData("subtasks: []", null, false)]
    [InlineData("{\"subtasks\":[]}", "yaml", false)]
    [InlineData("subtasks: []", "application/json", true)]
    [InlineData("x", "plan.yml", false)]
    [InlineData("x", ".json", true)]
    public void IsJson_TextAndHint_PicksTheFormat(string text, string? hint, bool json) =>
        PlanDocument.IsJson(text, hint).ShouldBe(json);

    [Fact]
    public void IsJson_UnknownHint_Rejected() =>
        Errors(() => PlanDocument.IsJson("x", "toml")).ShouldContain("Unknown plan format 'toml'");

    [Fact]
    public void ParsePlan_Empty_Rejected() =>
        Errors(() => PlanDocument.ParsePlan("   ", null)).ShouldContain("empty");
}
