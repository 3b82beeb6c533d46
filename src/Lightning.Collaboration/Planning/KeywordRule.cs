using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lightning.Collaboration.Planning;

/// <summary>
/// One rule of the <see cref="DescriptionPlanner"/>: a clause that <see cref="Pattern"/> matches becomes a subtask
/// running <see cref="Tool"/> with the input <see cref="Input"/> builds from the match, the previous step's id (null
/// for the first) and the whole description. <see cref="Input"/> may throw <see cref="FormatException"/> to reject the
/// clause with a reason. <see cref="Help"/> is shown to users when no rule matches.
/// </summary>
public sealed record KeywordRule(
    string Name,
    string Tool,
    Regex Pattern,
    Func<Match, string?, string, JsonElement> Input,
    string Help);
