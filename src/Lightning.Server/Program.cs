using Lightning.Server.Hosting;

return await LightningServer.RunAsync(args);

/// <summary>The server's entry point; tests host it through WebApplicationFactory.</summary>
public partial class Program;
