using System.Runtime.InteropServices;

namespace AcquirerEngine.Storage.Sqlite.Vfs;

/// <summary>
/// The writes SQLite made to one WAL file that are not yet in the file: one contiguous byte range starting at
/// <see cref="Start"/>. It lives in the file object SQLite allocates for the WAL, after the real file's own state,
/// so that it needs no lookup and dies with the file.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WalWriteBuffer
{
    /// <summary>The methods the real VFS gave this file; every call the shim does not change goes to them.</summary>
    public NativeIoMethods* RealMethods;

    /// <summary>Native memory holding the pending bytes; null until the first write.</summary>
    public byte* Data;

    /// <summary>The file offset of <see cref="Data"/>'s first byte.</summary>
    public long Start;

    /// <summary>How many bytes are pending; 0 when the file holds everything written.</summary>
    public int Length;

    /// <summary>The size of <see cref="Data"/>.</summary>
    public int Capacity;
}
