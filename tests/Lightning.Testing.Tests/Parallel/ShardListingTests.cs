using Lightning.Testing.Parallel;

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
}
