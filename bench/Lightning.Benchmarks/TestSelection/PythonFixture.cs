using System.Diagnostics;
using System.Text;

namespace Lightning.Benchmarks.TestSelection;

/// <summary>
/// A generated pytest project in a git repository: <c>src/m{i}.py</c> modules of <c>f{j}(x)</c> functions, chained in
/// groups of three (f0 of a module calls f0 of the previous one in its group), and <c>tests/test_m{i}.py</c> with one
/// test per function. Each test does <see cref="TestWorkMs"/> of work (a sleep), as real tests do more than one addition.
/// </summary>
internal sealed class PythonFixture(string root, int modules, int functions, int testWorkMs)
{
    public string Root { get; } = root;

    public int Modules { get; } = modules;

    public int Functions { get; } = functions;

    public int TestWorkMs { get; } = testWorkMs;

    public int Tests => Modules * Functions;

    /// <summary>The constant each function adds (changing it is a fault) and a harmless variant marker.</summary>
    public int[,] Constants { get; private set; } = new int[0, 0];

    public int[,] Variants { get; private set; } = new int[0, 0];

    public static PythonFixture Create(string root, int modules, int functions, int testWorkMs)
    {
        Directory.CreateDirectory(Path.Combine(root, "src"));
        Directory.CreateDirectory(Path.Combine(root, "tests"));
        var fixture = new PythonFixture(root, modules, functions, testWorkMs)
        {
            Constants = new int[modules, functions],
            Variants = new int[modules, functions],
        };
        for (var i = 0; i < modules; i++)
        {
            for (var j = 0; j < functions; j++)
            {
                fixture.Constants[i, j] = (i * 7 + j) % 11 + 1;
            }
        }

        File.WriteAllText(Path.Combine(root, "pytest.ini"), "[pytest]\ntestpaths = tests\npythonpath = src\n");
        for (var i = 0; i < modules; i++)
        {
            fixture.WriteModule(i);
            fixture.WriteTests(i);
        }

        Git(root, "init", "-q", "-b", "main");
        Git(root, "config", "user.email", "bench@example.com");
        Git(root, "config", "user.name", "bench");
        Git(root, "add", "-A");
        Git(root, "commit", "-q", "-m", "initial");
        return fixture;
    }

    static bool Chained(int module) => module % 3 != 0;

    /// <summary>What f{j} of module i returns for x, by the original constants (what the tests expect).</summary>
    static int Expected(int module, int function, int x, int[,] constants)
    {
        var value = x + constants[module, function];
        if (function == 0 && Chained(module))
        {
            value += Expected(module - 1, 0, 1, constants);
        }

        return value;
    }

    public void WriteModule(int i)
    {
        var text = new StringBuilder();
        if (Chained(i))
        {
            text.Append(FormattableString.Invariant($"from m{i - 1} import f0 as previous\n"));
        }

        text.Append('\n');
        for (var j = 0; j < Functions; j++)
        {
            text.Append(FormattableString.Invariant($"\ndef f{j}(x):\n    # variant {Variants[i, j]}\n    value = x + {Constants[i, j]} + 0 * {Variants[i, j] / 2}\n"));
            if (j == 0 && Chained(i))
            {
                text.Append("    value += previous(1)\n");
            }

            text.Append("    return value\n\n");
        }

        File.WriteAllText(Path.Combine(Root, "src", $"m{i}.py"), text.ToString());
    }

    void WriteTests(int i)
    {
        var text = new StringBuilder(FormattableString.Invariant($"import time\n\nimport m{i}\n\n"));
        for (var j = 0; j < Functions; j++)
        {
            text.Append(FormattableString.Invariant($"\ndef test_f{j}():\n    time.sleep({TestWorkMs / 1000.0:0.000})\n    assert m{i}.f{j}(2) == {Expected(i, j, 2, Constants)}\n\n"));
        }

        File.WriteAllText(Path.Combine(Root, "tests", $"test_m{i}.py"), text.ToString());
    }

    public static string Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
    }
}
