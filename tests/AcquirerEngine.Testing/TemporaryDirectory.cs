namespace AcquirerEngine.Testing;

/// <summary>A fresh directory under the system temp folder, removed on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ae-e2e-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file: the folder is in the temp area and is harmless to leave.
        }
    }
}
