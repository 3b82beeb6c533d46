namespace Lightning.Testing.Coverage.Goals;

/// <summary>The result of checking every goal: a run fails when <see cref="Passed"/> is false; <see cref="Failures"/> says why.</summary>
public sealed record CoverageEnforcement(bool Passed, IReadOnlyList<CoverageGoalResult> Goals)
{
    public IEnumerable<CoverageGoalResult> Failures => Goals.Where(goal => !goal.Passed);

    /// <summary>One line per goal, then the files that missed each failed goal: what a CLI prints.</summary>
    public string Describe(int filesPerGoal = 10)
    {
        var text = new System.Text.StringBuilder();
        foreach (var goal in Goals)
        {
            text.Append(goal.Passed ? "passed " : "FAILED ").AppendLine(goal.Message);
            if (goal.Passed)
            {
                continue;
            }

            foreach (var miss in goal.Missed.Take(filesPerGoal))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {miss.Path}: {miss.Percent:0.0}% ({miss.Covered}/{miss.Total}), {miss.Needed} more to reach {goal.Goal.Minimum:0.##}%").AppendLine();
            }

            if (goal.Missed.Count > filesPerGoal)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  ... and {goal.Missed.Count - filesPerGoal} more files").AppendLine();
            }
        }

        return text.ToString();
    }
}
