using Lightning.Core.Storage;
using Lightning.Testing.Selection;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Testing.Tests.Selection;

/// <summary>
/// A real git repository holding a small pytest project (src layout, two test files, one transitive import), and the
/// testing services on a data directory of its own.
/// </summary>
internal sealed class SelectionFixture : IDisposable
{
    public const string Calc = """
        def add(a, b):
            return a + b


        def sub(a, b):
            return a - b

        """;

    readonly TempDirectory _data = new();

    public SelectionFixture()
    {
        Repository = GitTestRepository.Create();
        Repository
            .Write("pytest.ini", "[pytest]\ntestpaths = tests\npythonpath = src\n")
            .Write("README.md", "# shop\n")
            .Write("src/calc.py", Calc)
            .Write("src/shop.py", "from calc import add\n\n\ndef total(items):\n    return add(sum(items), 0)\n")
            .Write("src/unused.py", "X = 1\n")
            .Write("tests/test_calc.py", "from calc import add, sub\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_sub():\n    assert sub(3, 1) == 2\n")
            .Write("tests/test_shop.py", "from shop import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n");
        First = Repository.Commit("first");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOptions<LightningOptions>().Configure(options => options.DataDirectory = _data.Combine("data"));
        services.AddLightningTesting();
        Services = services.BuildServiceProvider();
    }

    public GitTestRepository Repository { get; }

    public string First { get; }

    public ServiceProvider Services { get; }

    public TestSelectionService Selection => Services.GetRequiredService<TestSelectionService>();

    public Task<TestSelection> SelectAsync(SelectionMode mode = SelectionMode.Safe, string? baseRef = null, string? head = null, double confidence = 0.9) =>
        Selection.SelectAsync(new SelectionRequest(Repository.Path) { Mode = mode, Base = baseRef, Head = head, Confidence = confidence }, TestContext.Current.CancellationToken);

    public Task BuildMapAsync() => Selection.BuildMapsAsync(Repository.Path, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

    public void Dispose()
    {
        Services.Dispose();
        Repository.Dispose();
        _data.Dispose();
    }
}
