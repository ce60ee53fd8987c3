using System.Runtime.InteropServices;

namespace AcquirerEngine.Storage.Sqlite.Vfs;

/// <summary>The layout of SQLite's <c>sqlite3_io_methods</c> (version 3, 64-bit), as sqlite3.h declares it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeIoMethods
{
    public int Version;
    public nint Close;
    public nint Read;
    public nint Write;
    public nint Truncate;
    public nint Sync;
    public nint FileSize;
    public nint Lock;
    public nint Unlock;
    public nint CheckReservedLock;
    public nint FileControl;
    public nint SectorSize;
    public nint DeviceCharacteristics;
    public nint ShmMap;
    public nint ShmLock;
    public nint ShmBarrier;
    public nint ShmUnmap;
    public nint Fetch;
    public nint Unfetch;
}
