using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcquirerEngine.Storage.Sqlite.Vfs;

/// <summary>
/// A SQLite VFS that is the platform's default one except for WAL files, whose writes it coalesces
/// (<see cref="CoalescedWalFile"/>). A connection chooses it by name in a URI file name (<see cref="UriFor"/>); the
/// store's writer does, readers and the checkpointer do not need to, since they never write the WAL. Database and
/// journal files are opened by the real VFS into the same file object, untouched, so locks and the shared-memory
/// index are the real VFS's own and connections with and without the shim share a database as usual.
/// </summary>
internal static unsafe class CoalescingWalVfs
{
    /// <summary>The name the VFS is registered under.</summary>
    public const string Name = "acquirer-coalescing-wal";

    private const int SqliteOk = 0;
    private const int SqliteCantOpen = 14;
    private const int SqliteOpenWal = 0x00080000;

    private static readonly Lock Gate = new();
    private static NativeVfs* s_real;
    private static NativeIoMethods* s_realWalMethods;
    private static NativeIoMethods* s_wrappedWalMethods;

    /// <summary>Registers the VFS with SQLite once per process (not as the default); later calls do nothing.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (s_real is not null)
            {
                return;
            }

            var real = sqlite3_vfs_find(null);
            if (real is null)
            {
                throw new InvalidOperationException("SQLite has no default VFS to wrap.");
            }

            var vfs = (NativeVfs*)NativeMemory.AllocZeroed((nuint)sizeof(NativeVfs));
            *vfs = *real;
            vfs->Next = 0;
            vfs->Name = Marshal.StringToCoTaskMemUTF8(Name);

            // The file object is the real VFS's, followed by the write buffer (8-byte aligned).
            CoalescedWalFile.BufferOffset = (real->FileSize + 7) & ~7;
            vfs->FileSize = CoalescedWalFile.BufferOffset + sizeof(WalWriteBuffer);
            vfs->Open = (nint)(delegate* unmanaged[Cdecl]<NativeVfs*, nint, nint, int, int*, int>)&Open;

            var registered = sqlite3_vfs_register(vfs, makeDefault: 0);
            if (registered != SqliteOk)
            {
                throw new InvalidOperationException($"SQLite refused to register the VFS '{Name}' (result {registered}).");
            }

            // Published last: Open reads it, and no connection can name the VFS before it is registered.
            s_real = real;
        }
    }

    /// <summary>
    /// The URI file name that opens <paramref name="path"/> (absolute) through this VFS; SQLite decodes %HH escapes,
    /// so the characters a URI gives a meaning to are escaped.
    /// </summary>
    public static string UriFor(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // A URI's separator is '/'. A backslash becomes one only where it is the separator (Windows); elsewhere it is part of a name.
        var slashed = Path.DirectorySeparatorChar == '\\' ? path.Replace('\\', '/') : path;
        var escaped = slashed.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        return $"file:{(escaped.StartsWith('/') ? string.Empty : "/")}{escaped}?vfs={Name}";
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Open(NativeVfs* vfs, nint name, nint file, int flags, int* outFlags)
    {
        try
        {
            var real = s_real;
            var opened = ((delegate* unmanaged[Cdecl]<NativeVfs*, nint, nint, int, int*, int>)real->Open)(real, name, file, flags, outFlags);
            var realMethods = *(NativeIoMethods**)file;
            if (opened != SqliteOk || (flags & SqliteOpenWal) == 0 || realMethods is null)
            {
                return opened;
            }

            var wrapped = WrappedMethodsFor(realMethods);
            if (wrapped is not null)
            {
                CoalescedWalFile.Attach(file, realMethods);
                *(NativeIoMethods**)file = wrapped;
            }

            return opened;
        }
        catch (OutOfMemoryException)
        {
            return SqliteCantOpen;
        }
    }

    /// <summary>
    /// The wrapped method table for WAL files whose real methods are <paramref name="realMethods"/>: made from the
    /// first WAL file's table. A file the real VFS opened with another table is left as it is (unbuffered).
    /// </summary>
    private static NativeIoMethods* WrappedMethodsFor(NativeIoMethods* realMethods)
    {
        lock (Gate)
        {
            if (s_realWalMethods is null)
            {
                var wrapped = (NativeIoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(NativeIoMethods));
                *wrapped = CoalescedWalFile.Wrap(*realMethods);
                s_wrappedWalMethods = wrapped;
                s_realWalMethods = realMethods;
            }

            return realMethods == s_realWalMethods ? s_wrappedWalMethods : null;
        }
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern NativeVfs* sqlite3_vfs_find(byte* name);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_vfs_register(NativeVfs* vfs, int makeDefault);
}
