using Lightning.Benchmarks;
using Lightning.Benchmarks.Hosting;

// The bench re-executes itself with this argument to host the real server in a separate process.
if (args.Length > 0 && args[0] == ServerProcess.ChildArgument)
{
    return await ServerProcess.RunChildAsync(args[1..]);
}

// ... and with this one to host the collaboration engine for the scheduler benchmark's kill -9 drill.
if (args.Length > 0 && args[0] == Lightning.Benchmarks.Scheduler.RecoveryDrill.ChildArgument)
{
    return await Lightning.Benchmarks.Scheduler.RecoveryDrill.RunChildAsync(args[1..]);
}

return await BenchmarkRunner.RunAsync(args);
