using System.Runtime.InteropServices;

namespace AcquirerEngine.Storage.Sqlite.Vfs;

/// <summary>
/// The layout of SQLite's <c>sqlite3_vfs</c> (version 3, 64-bit), as sqlite3.h declares it. Every function is kept as
/// a raw pointer: the shim copies the real VFS and replaces only what it wraps.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeVfs
{
    public int Version;
    public int FileSize;
    public int MaxPathname;
    public nint Next;
    public nint Name;
    public nint AppData;
    public nint Open;
    public nint Delete;
    public nint Access;
    public nint FullPathname;
    public nint DlOpen;
    public nint DlError;
    public nint DlSym;
    public nint DlClose;
    public nint Randomness;
    public nint Sleep;
    public nint CurrentTime;
    public nint GetLastError;
    public nint CurrentTimeInt64;
    public nint SetSystemCall;
    public nint GetSystemCall;
    public nint NextSystemCall;
}
