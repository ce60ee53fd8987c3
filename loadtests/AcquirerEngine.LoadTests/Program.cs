using AcquirerEngine.LoadTests.Options;
using AcquirerEngine.LoadTests.Running;
using AcquirerEngine.LoadTests.Scenarios;

HarnessOptions options;
try
{
    options = OptionsParser.Parse(args);
}
catch (FormatException ex)
{
    await Console.Error.WriteLineAsync($"AcquirerEngine.LoadTests: {ex.Message}");
    return ExitCodes.BadArguments;
}

if (options.Help || options.ListScenarios)
{
    Console.WriteLine(options.Help ? OptionsParser.Usage : string.Join(Environment.NewLine, ScenarioCatalog.All.Select(s => $"{s.Name}: {s.Description}")));
    return ExitCodes.Passed;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await LoadHarness.RunAsync(options, Console.Out, !Console.IsOutputRedirected, cancel.Token);
