using AcquirerEngine.Benchmarks;

return await BenchmarkCli.RunAsync(args, Console.Out, Console.Error);
