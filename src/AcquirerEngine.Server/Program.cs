using AcquirerEngine.Server.Hosting;

return await EngineHost.RunAsync(args);
