using System.Text.RegularExpressions;

namespace Lightning.Testing.Detection.Rules;

/// <summary>
/// RSpec: a .rspec file, a Gemfile with an rspec gem, or a spec/ directory of <c>*_spec.rb</c> files. The project is the
/// directory that holds spec/ (or the .rspec/Gemfile); <c>rspec</c> is run there, which loads spec/**/*_spec.rb.
/// </summary>
internal sealed partial class RspecRule : IDetectionRule
{
    static readonly IReadOnlyList<string> Command = ["rspec"];

    public IEnumerable<DetectedTestProject> Detect(RepositoryTree tree)
    {
        var drafts = new Dictionary<string, ProjectDraft>(StringComparer.Ordinal);
        ProjectDraft Draft(string root) => drafts.TryGetValue(root, out var draft) ? draft : drafts[root] = new ProjectDraft(TestFramework.Rspec, root);

        foreach (var file in tree.Files)
        {
            var name = RepositoryTree.FileName(file);
            if (name == ".rspec")
            {
                Draft(RepositoryTree.DirectoryOf(file)).Add(file, "RSpec options file");
            }
            else if (name is "Gemfile" or "gems.rb" && tree.ReadManifest(file) is { } gemfile && RspecGem().IsMatch(gemfile))
            {
                Draft(RepositoryTree.DirectoryOf(file)).Add(file, "includes the rspec gem");
            }
        }

        // Spec files belong to the directory above their topmost spec/ folder, as rspec's default pattern reads them from there.
        var specs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in tree.Files.Where(file => file.EndsWith("_spec.rb", StringComparison.Ordinal)))
        {
            var segments = file.Split('/');
            var spec = Array.IndexOf(segments, "spec", 0, segments.Length - 1);
            if (spec >= 0)
            {
                var root = string.Join('/', segments[..spec]);
                (specs.TryGetValue(root, out var list) ? list : specs[root] = []).Add(file);
            }
        }

        foreach (var (root, files) in specs)
        {
            Draft(root).Add(files[0], files.Count == 1 ? "a spec file under spec/" : $"one of {files.Count} *_spec.rb files under spec/");
        }

        foreach (var draft in drafts.Values.OrderBy(draft => draft.Root, StringComparer.Ordinal))
        {
            yield return draft.Build("Ruby", null, ["spec/**/*_spec.rb"], specs.GetValueOrDefault(draft.Root)?.Count ?? 0, Command);
        }
    }

    [GeneratedRegex(@"^\s*gem\s+['""]rspec(?:-core|-rails)?['""]", RegexOptions.Multiline)]
    private static partial Regex RspecGem();
}
