using Microsoft.Win32.SafeHandles;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// Syncs the database file through a handle of its own, outside SQLite. SQLite syncs the database file only at the end
/// of a checkpoint that copied the whole WAL, so the pages copied by the checkpoints that could not (the writer kept
/// committing) stay unsynced until then; the complete checkpoint before a WAL rewind, which the writer waits for, had to
/// flush all of them (7-15 ms at 2,000 sales/s). Syncing them beforehand, while the writer goes on, leaves that
/// checkpoint only the pages it copies itself.
/// </summary>
/// <remarks>
/// The handle stays open until the store has closed every connection: on POSIX systems, closing any descriptor of a
/// file drops every fcntl lock the process holds on that file, SQLite's included.
/// </remarks>
internal sealed class DatabaseFileSync : IDisposable
{
    private readonly SafeFileHandle _handle;

    public DatabaseFileSync(string databasePath)
    {
        _handle = File.OpenHandle(databasePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>Flushes the file's written pages to the device (fsync / FlushFileBuffers); changes no byte of it.</summary>
    public void Flush() => RandomAccess.FlushToDisk(_handle);

    public void Dispose() => _handle.Dispose();
}
