namespace Lightning.Testing.Runners;

/// <summary>The plugin files shipped inside this assembly (Runners/*/*.py, .js, .rb, .java), written out where a test process can load them.</summary>
internal static class PluginFiles
{
    public static string Text(string name)
    {
        using var stream = typeof(PluginFiles).Assembly.GetManifestResourceStream("Lightning.Testing.Runners." + name)
            ?? throw new InvalidOperationException($"The plugin file {name} is not embedded in {typeof(PluginFiles).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes the plugin <paramref name="name"/> into <paramref name="directory"/>; its full path.</summary>
    public static async Task<string> WriteAsync(string name, string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, Text(name), cancellationToken);
        return path;
    }
}
