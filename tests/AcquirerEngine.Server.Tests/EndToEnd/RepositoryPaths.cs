namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>Finds files of this repository from the test's output folder (no machine paths baked in).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Protos => Path.Combine(Root, "protos");

    public static string Interop => Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AcquirerEngine.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"AcquirerEngine.sln not found above {AppContext.BaseDirectory}");
    }
}
