using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AcquirerEngine.Storage.Sqlite.Vfs;

namespace AcquirerEngine.Storage.Tests.Sqlite.Vfs;

/// <summary>
/// A full disk for one file, made with SQLite's own fault-injection hook: the unix VFS makes its system calls through a
/// table that <c>xSetSystemCall</c> replaces, so while this is armed its <c>pwrite</c>, <c>pwrite64</c> and
/// <c>write</c> write nothing to the descriptors open on the file (SQLite reports <c>SQLITE_FULL</c>, as it does for
/// a short write), and pass every other descriptor's writes on unchanged. The table is the process's, so only one is
/// armed at a time and the tests that arm it run in <see cref="WalWriteCountingCollection"/>, alone.
/// </summary>
internal sealed unsafe class DiskFullOnFile : IDisposable
{
    // Read by the replacement calls, which run on SQLite's threads (any store's, while armed).
    private static nint s_pwrite;
    private static nint s_pwrite64;
    private static nint s_write;
    private static int[] s_fullDescriptors = [];
    private static long s_refused;
    private static long s_refusalsLeft;
    private static long s_smallestRefused;
    private static int s_armed;

    private readonly NativeVfs* _vfs;
    private bool _disposed;

    private DiskFullOnFile(NativeVfs* vfs)
    {
        _vfs = vfs;
    }

    /// <summary>Writes refused since the process started.</summary>
    public static long Refused => Interlocked.Read(ref s_refused);

    /// <summary>
    /// Arms the full disk for the descriptors open on <paramref name="path"/> now (the WAL of an open store), for its
    /// first <paramref name="refusals"/> writes (a disk that another process frees again) or until disposed. Writes
    /// shorter than <paramref name="smallestRefused"/> bytes still fit.
    /// </summary>
    public static DiskFullOnFile For(string path, long refusals = long.MaxValue, long smallestRefused = 0)
    {
        var descriptors = OpenDescriptorsOf(path);
        if (descriptors.Length == 0)
        {
            throw new InvalidOperationException($"No descriptor of this process is open on {path}.");
        }

        // Armed twice, the second would take the first's replacements for SQLite's own calls and call itself.
        if (Interlocked.CompareExchange(ref s_armed, 1, 0) == 1)
        {
            throw new InvalidOperationException("A full disk is already armed in this process.");
        }

        var vfs = sqlite3_vfs_find(null);
        s_pwrite = GetSystemCall(vfs, "pwrite");
        s_pwrite64 = GetSystemCall(vfs, "pwrite64");
        s_write = GetSystemCall(vfs, "write");
        Volatile.Write(ref s_refusalsLeft, refusals);
        Volatile.Write(ref s_smallestRefused, smallestRefused);
        Volatile.Write(ref s_fullDescriptors, descriptors);

        // A build of SQLite uses one of these (pread/pwrite, their 64-bit forms, or lseek and write); the ones it was
        // built without have no call to replace.
        if (s_pwrite != 0)
        {
            SetSystemCall(vfs, "pwrite", (nint)(delegate* unmanaged[Cdecl]<int, byte*, nuint, long, nint>)&Pwrite);
        }

        if (s_pwrite64 != 0)
        {
            SetSystemCall(vfs, "pwrite64", (nint)(delegate* unmanaged[Cdecl]<int, byte*, nuint, long, nint>)&Pwrite64);
        }

        if (s_write != 0)
        {
            SetSystemCall(vfs, "write", (nint)(delegate* unmanaged[Cdecl]<int, byte*, nuint, nint>)&Write);
        }

        return new DiskFullOnFile(vfs);
    }

    /// <summary>Gives the disk its room back: the unix VFS's own calls again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // A null pointer restores the call SQLite was built with.
        foreach (var (call, original) in new[] { ("pwrite", s_pwrite), ("pwrite64", s_pwrite64), ("write", s_write) })
        {
            if (original != 0)
            {
                SetSystemCall(_vfs, call, 0);
            }
        }

        Volatile.Write(ref s_fullDescriptors, []);
        Volatile.Write(ref s_armed, 0);
    }

    private static int[] OpenDescriptorsOf(string path)
    {
        var full = Path.GetFullPath(path);
        var descriptors = new List<int>();
        foreach (var link in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(link).LinkTarget == full)
                {
                    descriptors.Add(int.Parse(Path.GetFileName(link), System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // A descriptor closed while the directory was read.
            }
        }

        return [.. descriptors];
    }

    private static bool IsFull(int descriptor, nuint count)
    {
        if (Array.IndexOf(Volatile.Read(ref s_fullDescriptors), descriptor) < 0
            || (long)count < Volatile.Read(ref s_smallestRefused)
            || Interlocked.Decrement(ref s_refusalsLeft) < 0)
        {
            return false;
        }

        Interlocked.Increment(ref s_refused);
        return true;
    }

    // Nothing written and no error number: the unix VFS reports a short write as SQLITE_FULL.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Pwrite(int descriptor, byte* data, nuint count, long offset) =>
        IsFull(descriptor, count) ? 0 : ((delegate* unmanaged[Cdecl]<int, byte*, nuint, long, nint>)s_pwrite)(descriptor, data, count, offset);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Pwrite64(int descriptor, byte* data, nuint count, long offset) =>
        IsFull(descriptor, count) ? 0 : ((delegate* unmanaged[Cdecl]<int, byte*, nuint, long, nint>)s_pwrite64)(descriptor, data, count, offset);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static nint Write(int descriptor, byte* data, nuint count) =>
        IsFull(descriptor, count) ? 0 : ((delegate* unmanaged[Cdecl]<int, byte*, nuint, nint>)s_write)(descriptor, data, count);

    private static nint GetSystemCall(NativeVfs* vfs, string name)
    {
        var utf8 = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            return ((delegate* unmanaged[Cdecl]<NativeVfs*, nint, nint>)vfs->GetSystemCall)(vfs, utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    private static void SetSystemCall(NativeVfs* vfs, string name, nint call)
    {
        var utf8 = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            var result = ((delegate* unmanaged[Cdecl]<NativeVfs*, nint, nint, int>)vfs->SetSystemCall)(vfs, utf8, call);
            if (result != 0)
            {
                throw new InvalidOperationException($"SQLite refused to replace the system call '{name}' (result {result}).");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(utf8);
        }
    }

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern NativeVfs* sqlite3_vfs_find(byte* name);
}
