using Lightning.Testing.Parallel;
using Lightning.Testing.Runners.Dotnet;

namespace Lightning.Testing.Tests.Parallel;

/// <summary>The frameworks' listings read into shard units (the real commands run in <see cref="ShardedFrameworksTests"/>).</summary>
public sealed class ShardListingTests
{
    [Fact]
    public void GoTestList_NamesPerPackage_BenchmarksLeftOut_SharedNamesKeepEveryPackage()
    {
        const string output = "TestA\nTestB\nBenchmarkC\nExampleD\nok  \texample.com/calc\t0.003s\n?   \texample.com/calc/nots\t[no test files]\nTestA\nok  \texample.com/calc/sub\t0.002s\n";

        var byName = GoShards.ParseTestList(output);

        byName.Keys.ShouldBe(["ExampleD", "TestA", "TestB"]);
        byName["TestA"].ShouldBe(["example.com/calc", "example.com/calc/sub"]);
        byName["TestB"].ShouldBe(["example.com/calc"]);
    }

    [Fact]
    public void DotnetBuildErrors_MsBuildFormat_DeduplicatedRelativeWithoutTheProject_FirstFiveAndHowManyMore()
    {
        // MSBuild prints each error as it happens and again in its summary, after the warnings and counts.
        const string output = """
              Determining projects to restore...
            /src/calc/Broken.cs(5,37): error CS0103: The name 'missing' does not exist in the current context [/src/calc/Calc.Tests.csproj]
            /src/calc/Broken.cs(6,29): warning CS0219: The variable 'x' is assigned but its value is never used [/src/calc/Calc.Tests.csproj]
            /src/calc/Broken.cs(7,29): error CS0029: Cannot implicitly convert type 'int' to 'string' [/src/calc/Calc.Tests.csproj]

            Build FAILED.

            /src/calc/Broken.cs(5,37): error CS0103: The name 'missing' does not exist in the current context [/src/calc/Calc.Tests.csproj]
            /src/calc/Broken.cs(7,29): error CS0029: Cannot implicitly convert type 'int' to 'string' [/src/calc/Calc.Tests.csproj]
                1 Warning(s)
                2 Error(s)
            """;

        DotnetBuildErrors.Read(output, "/src/calc").ShouldBe([
            "Broken.cs(5,37): error CS0103: The name 'missing' does not exist in the current context",
            "Broken.cs(7,29): error CS0029: Cannot implicitly convert type 'int' to 'string'"]);
        DotnetBuildErrors.Read("MSBUILD : error MSB1009: Project file does not exist.\n/other/X.csproj : error NU1101: Unable to find package Nope.\n", "/src/calc")
            .ShouldBe(["MSBUILD: error MSB1009: Project file does not exist.", "/other/X.csproj: error NU1101: Unable to find package Nope."]);
        var many = string.Join('\n', Enumerable.Range(1, 8).Select(line => $"/src/calc/A.cs({line},1): error CS1002: ; expected [/src/calc/Calc.Tests.csproj]"));
        DotnetBuildErrors.Read(many + "\n" + many, "/src/calc").ShouldBe([
            "A.cs(1,1): error CS1002: ; expected", "A.cs(2,1): error CS1002: ; expected", "A.cs(3,1): error CS1002: ; expected",
            "A.cs(4,1): error CS1002: ; expected", "A.cs(5,1): error CS1002: ; expected", "... and 3 more"]);
        DotnetBuildErrors.Read("Build FAILED.\n    0 Error(s)\n", "/src/calc").ShouldBeEmpty();
    }

    [Fact]
    public void PhpUnitListXml_MethodsOnceWithTheirDataSets_PhptCounted_OtherXmlRefused()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tests>
             <testCaseClass name="App\Tests\CalcTest">
              <testCaseMethod name="testPasses" groups="default"/>
              <testCaseMethod name="testSum" groups="default" dataSet="&quot;one&quot;"/>
              <testCaseMethod name="testSum" groups="default" dataSet="#0"/>
             </testCaseClass>
             <phptFile path="/x/tests/a.phpt"/>
            </tests>
            """;

        var (methods, phpt) = PhpUnitShards.Parse(xml);

        methods.ShouldBe([@"App\Tests\CalcTest::testPasses", @"App\Tests\CalcTest::testSum"]);
        phpt.ShouldBe(1);
        PhpUnitShards.Parse("<phpunit/>").Methods.ShouldBeNull();
        PhpUnitShards.Parse("not xml").Methods.ShouldBeNull();
    }

    [Fact]
    public void JestListTests_JsonLineAmongWarnings_RelativeSortedPaths_OrNullWithoutOne()
    {
        const string output = "Warning: something\n[\"/srv/web/src/b.test.js\",\"/srv/web/a.test.js\"]\n";

        JestShards.Parse(output, "/srv/web").ShouldBe(["a.test.js", "src/b.test.js"]);
        JestShards.Parse("No tests found", "/srv/web").ShouldBeNull();
    }

    [Fact]
    public void TestingPlatformJson_NunitFullNamesKept_MstestGuidsByMethod_UnselectableTestsRefused()
    {
        const string output = """
            NUnit Adapter 6.3.1.0: Test discovery starting

            {
              "schemaVersion": 1,
              "tests": [
                { "uid": "Ns.C.Increments(1,2)", "displayName": "Increments(1,2)", "type": { "namespace": "Ns", "typeName": "C", "methodName": "Increments" } },
                { "uid": "Ns.C.Increments(2,3)", "displayName": "Increments(2,3)", "type": { "namespace": "Ns", "typeName": "C", "methodName": "Increments" } },
                { "uid": "1e4aed2f-9a49-8d72-8daa-e22edee1be10", "displayName": "Deep", "type": { "namespace": "Ns", "typeName": "C+Nested", "methodName": "Deep" } },
                { "uid": "11da7b21-52a6-8054-a54d-b290c457390f", "displayName": "Deep (1)", "type": { "namespace": "Ns", "typeName": "C+Nested", "methodName": "Deep" } },
                { "uid": "Global.Passes", "displayName": "Passes" }
              ]
            }
            """;

        var (units, problem) = DotnetShards.PlatformUnits(output);

        problem.ShouldBeNull();
        units!.Select(u => (u.Id, string.Join(' ', u.Tests))).ShouldBe([
            ("Ns.C.Increments", "Ns.C.Increments(1,2) Ns.C.Increments(2,3)"), ("Ns.C+Nested.Deep", "Ns.C+Nested.Deep"), ("Global.Passes", "Global.Passes")]);
        DotnetShards.PlatformUnits("""{ "tests": [ { "uid": "1e4aed2f-9a49-8d72-8daa-e22edee1be10", "displayName": "Odd" } ] }""").Problem
            .ShouldBe("test 'Odd' has neither a method nor a fully qualified name to select it by");
        DotnetShards.PlatformUnits("  Passes\n  Fails\n").Problem.ShouldBe("the test app printed no JSON listing");
    }
}
