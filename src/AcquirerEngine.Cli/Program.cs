namespace AcquirerEngine.Cli;

/// <summary>The process entry point: hands the real console, environment and clock to <see cref="AcquirerCli"/>.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => AcquirerCli.RunAsync(args, CliHost.FromProcess());
}
