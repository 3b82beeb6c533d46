namespace Lightning.Testing.Generation;

/// <summary>
/// The test case generator's input side: for each test point, a call with every parameter typical, then one call per
/// edge case of each parameter with the others typical (one thing varies at a time, so a test's name says what it pins).
/// </summary>
public static class CallPlanner
{
    public const int MaxCallsPerPoint = 24;

    public static IReadOnlyList<CallPlan> Plan(CodeAnalysis analysis, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(notes);
        var calls = new List<CallPlan>();
        foreach (var point in analysis.Points)
        {
            if ((point.IsAsync || point.IsGenerator) && !Settles(analysis.Language, point))
            {
                notes.Add($"{analysis.File}: {point.QualifiedName} is {(point.IsAsync && point.IsGenerator ? "an asynchronous generator" : point.IsAsync ? "asynchronous" : "a generator")}: "
                    + $"characterisation tests are not written for it in {GenerationLanguages.NameOf(analysis.Language)}.");
                continue;
            }

            if (point.Parameters.Any(parameter => parameter.Name is null && !parameter.Rest))
            {
                notes.Add($"{analysis.File}: {point.QualifiedName} takes a destructured parameter: no inputs are generated for it.");
                continue;
            }

            IReadOnlyList<GeneratedInput> constructor = [];
            if (point.ClassName is { } className && !point.Static)
            {
                var owner = analysis.Classes.FirstOrDefault(c => c.Name == className);
                constructor = owner is null
                    ? []
                    : owner.Constructor.Where(parameter => parameter.Default is null && parameter.Name is not null)
                        .Select(parameter => EdgeCases.Typical(parameter, analysis.Language)).ToList();
            }

            // Parameters with defaults are left to their defaults, except when varied; rest parameters get nothing.
            var parameters = point.Parameters.Where(parameter => !parameter.Rest && parameter.Name is not null).ToList();
            var required = parameters.Where(parameter => parameter.Default is null).ToList();
            var typical = required.Select(parameter => (parameter.Name, EdgeCases.Typical(parameter, analysis.Language))).ToList();
            var planned = new List<CallPlan> { New(point, typical, constructor, calls.Count) };
            foreach (var parameter in parameters)
            {
                foreach (var input in EdgeCases.For(parameter, analysis.Language))
                {
                    if (planned.Count >= MaxCallsPerPoint)
                    {
                        break;
                    }

                    var index = required.IndexOf(parameter);
                    List<(string?, GeneratedInput)> arguments;
                    if (index >= 0)
                    {
                        if (input.Label == "typical")
                        {
                            continue;
                        }

                        arguments = [.. typical];
                        arguments[index] = (parameter.Name, input);
                    }
                    else
                    {
                        // An optional parameter is passed positionally only when every one before it is passed too.
                        var position = parameters.IndexOf(parameter);
                        if (position != required.Count && !parameter.KeywordOnly)
                        {
                            continue;
                        }

                        arguments = [.. typical, (parameter.Name, input)];
                    }

                    planned.Add(New(point, arguments, constructor, calls.Count + planned.Count));
                }
            }

            calls.AddRange(planned);
        }

        return calls;
    }

    /// <summary>
    /// Whether the helper can settle what the point returns before pinning it: Python coroutines (asyncio.run) and
    /// generators (their first items), JavaScript promises (awaited within the per-call deadline); not async generators.
    /// </summary>
    static bool Settles(GenerationLanguage language, TestPoint point) =>
        !(point.IsAsync && point.IsGenerator) && (language == GenerationLanguage.Python || !point.IsGenerator);

    static CallPlan New(TestPoint point, IReadOnlyList<(string?, GeneratedInput)> arguments, IReadOnlyList<GeneratedInput> constructor, int index) =>
        new($"call{index + 1}", point, arguments, constructor);

    /// <summary>
    /// Keeps, per test point and in order, the calls that took a path the ones kept before did not (a line or block
    /// ran that had not, or one was skipped that always ran): the rest would pin the same code twice.
    /// </summary>
    public static IReadOnlyList<(CallPlan Call, Observation Observation)> NewPaths(IReadOnlyList<CallPlan> calls, IReadOnlyDictionary<string, Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(observations);
        var kept = new List<(CallPlan, Observation)>();
        foreach (var group in calls.GroupBy(call => call.Point))
        {
            var covered = new HashSet<string>(StringComparer.Ordinal);
            HashSet<string>? alwaysSkipped = null;
            var outcomes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var call in group)
            {
                if (!observations.TryGetValue(call.Id, out var observation) || !observation.Stable || observation.Kind is not ("returned" or "raised"))
                {
                    continue;
                }

                var newLine = observation.Covered.Any(line => !covered.Contains(line));
                var newBlock = alwaysSkipped is not null && alwaysSkipped.Any(block => !observation.Uncovered.Contains(block));
                // A new kind of outcome on the same path (another exception type) is worth pinning too.
                var newOutcome = outcomes.Add($"{observation.Kind}:{observation.Type}") && kept.Count > 0 && observation.Kind == "raised";
                if (alwaysSkipped is null || newLine || newBlock || newOutcome)
                {
                    kept.Add((call, observation));
                    covered.UnionWith(observation.Covered);
                    alwaysSkipped = alwaysSkipped is null ? [.. observation.Uncovered] : [.. alwaysSkipped.Intersect(observation.Uncovered)];
                    outcomes.Add($"{observation.Kind}:{observation.Type}");
                }
            }
        }

        return kept;
    }
}
