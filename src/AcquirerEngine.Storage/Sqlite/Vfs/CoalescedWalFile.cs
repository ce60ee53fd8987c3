using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AcquirerEngine.Storage.Sqlite.Vfs;

/// <summary>
/// The I/O methods of a WAL file opened through <see cref="CoalescingWalVfs"/>. SQLite writes every WAL frame in two
/// calls (its 24-byte header, then the page), so a commit of n pages makes 2n <c>pwrite</c> system calls, and in this
/// virtual machine each call costs more than the bytes it copies. Here consecutive writes are kept in one buffer and
/// reach the file together (one call per 124 KiB), at the latest when SQLite syncs the WAL, which a commit does before it publishes its
/// frames to other connections (<c>synchronous = FULL</c>; the store sets it on the only connection that uses this
/// VFS). Any other access to the file (a read, its size, a truncation, a file control, closing it) writes the buffer
/// first, so SQLite never sees the file without its own writes. A failed write of the buffer is reported by the
/// call that made it, normally the sync, which fails the commit exactly as a failed frame write would.
/// </summary>
/// <remarks>
/// These functions are called by native code: an exception must not leave them, so each one turns failures into
/// SQLite result codes.
/// </remarks>
internal static unsafe class CoalescedWalFile
{
    /// <summary>The first buffer: large enough for a commit of about sixty pages.</summary>
    public const int InitialCapacity = 256 * 1024;

    /// <summary>The most the buffer holds: a commit writing more reaches the file before its sync, in buffers of this size.</summary>
    public const int MaxCapacity = 8 * 1024 * 1024;

    /// <summary>
    /// The most one call to the real write takes: the unix VFS masks a write's length to 17 bits (its pwrite wrapper
    /// asserts lengths below 128 KiB), so larger writes go in pieces of 31 pages.
    /// </summary>
    private const int LargestRealWrite = 31 * 4096;

    private const int SqliteOk = 0;
    private const int SqliteIoErrNoMem = 10 | (12 << 8);

    private static long s_writesTaken;
    private static long s_writesIssued;

    /// <summary>Writes SQLite made to wrapped WAL files, in this process (for tests: what coalescing saves).</summary>
    internal static long WritesTaken => Interlocked.Read(ref s_writesTaken);

    /// <summary>Writes the wrapped WAL files passed on to the real VFS, in this process.</summary>
    internal static long WritesIssued => Interlocked.Read(ref s_writesIssued);

    /// <summary>Where the <see cref="WalWriteBuffer"/> starts inside a file object: after the real VFS's own state.</summary>
    internal static int BufferOffset { get; set; }

    /// <summary>Builds the method table for wrapped WAL files from the real VFS's one.</summary>
    public static NativeIoMethods Wrap(NativeIoMethods real)
    {
        var wrapped = real;
        wrapped.Close = (nint)(delegate* unmanaged[Cdecl]<nint, int>)&Close;
        wrapped.Read = (nint)(delegate* unmanaged[Cdecl]<nint, byte*, int, long, int>)&Read;
        wrapped.Write = (nint)(delegate* unmanaged[Cdecl]<nint, byte*, int, long, int>)&Write;
        wrapped.Truncate = (nint)(delegate* unmanaged[Cdecl]<nint, long, int>)&Truncate;
        wrapped.Sync = (nint)(delegate* unmanaged[Cdecl]<nint, int, int>)&Sync;
        wrapped.FileSize = (nint)(delegate* unmanaged[Cdecl]<nint, long*, int>)&FileSize;
        wrapped.FileControl = (nint)(delegate* unmanaged[Cdecl]<nint, int, nint, int>)&FileControl;
        return wrapped;
    }

    /// <summary>Starts the buffer of a WAL file the real VFS has just opened with <paramref name="realMethods"/>.</summary>
    public static void Attach(nint file, NativeIoMethods* realMethods)
    {
        *BufferOf(file) = new WalWriteBuffer { RealMethods = realMethods };
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(nint file, byte* data, int amount, long offset)
    {
        try
        {
            Interlocked.Increment(ref s_writesTaken);
            var buffer = BufferOf(file);
            if (buffer->Length > 0)
            {
                var end = buffer->Start + buffer->Length;
                if (offset >= buffer->Start && offset + amount <= end)
                {
                    // SQLite rewrites a frame of the transaction it is writing (a page changed twice): in place.
                    new ReadOnlySpan<byte>(data, amount).CopyTo(new Span<byte>(buffer->Data + (offset - buffer->Start), amount));
                    return SqliteOk;
                }

                if (offset != end || (long)buffer->Length + amount > MaxCapacity)
                {
                    var flushed = Flush(file, buffer);
                    if (flushed != SqliteOk)
                    {
                        return flushed;
                    }
                }
            }

            if (amount > MaxCapacity)
            {
                return RealWrite(file, buffer, data, amount, offset);
            }

            if (buffer->Length == 0)
            {
                buffer->Start = offset;
            }

            Reserve(buffer, buffer->Length + amount);
            new ReadOnlySpan<byte>(data, amount).CopyTo(new Span<byte>(buffer->Data + buffer->Length, amount));
            buffer->Length += amount;
            return SqliteOk;
        }
        catch (OutOfMemoryException)
        {
            return SqliteIoErrNoMem;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Read(nint file, byte* data, int amount, long offset)
    {
        var buffer = BufferOf(file);
        var flushed = Flush(file, buffer);
        return flushed != SqliteOk
            ? flushed
            : ((delegate* unmanaged[Cdecl]<nint, byte*, int, long, int>)buffer->RealMethods->Read)(file, data, amount, offset);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Sync(nint file, int flags)
    {
        var buffer = BufferOf(file);
        var flushed = Flush(file, buffer);
        return flushed != SqliteOk
            ? flushed
            : ((delegate* unmanaged[Cdecl]<nint, int, int>)buffer->RealMethods->Sync)(file, flags);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Truncate(nint file, long size)
    {
        var buffer = BufferOf(file);
        var flushed = Flush(file, buffer);
        return flushed != SqliteOk
            ? flushed
            : ((delegate* unmanaged[Cdecl]<nint, long, int>)buffer->RealMethods->Truncate)(file, size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileSize(nint file, long* size)
    {
        var buffer = BufferOf(file);
        var flushed = Flush(file, buffer);
        return flushed != SqliteOk
            ? flushed
            : ((delegate* unmanaged[Cdecl]<nint, long*, int>)buffer->RealMethods->FileSize)(file, size);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int FileControl(nint file, int operation, nint argument)
    {
        var buffer = BufferOf(file);
        var flushed = Flush(file, buffer);
        return flushed != SqliteOk
            ? flushed
            : ((delegate* unmanaged[Cdecl]<nint, int, nint, int>)buffer->RealMethods->FileControl)(file, operation, argument);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Close(nint file)
    {
        var buffer = BufferOf(file);
        var flushed = Flush(file, buffer);
        NativeMemory.Free(buffer->Data);
        var realMethods = buffer->RealMethods;
        *buffer = default;
        var closed = ((delegate* unmanaged[Cdecl]<nint, int>)realMethods->Close)(file);
        return flushed != SqliteOk ? flushed : closed;
    }

    private static WalWriteBuffer* BufferOf(nint file) => (WalWriteBuffer*)((byte*)file + BufferOffset);

    /// <summary>Writes the pending bytes to the file; the buffer is empty afterwards whether or not that succeeded.</summary>
    private static int Flush(nint file, WalWriteBuffer* buffer)
    {
        if (buffer->Length == 0)
        {
            return SqliteOk;
        }

        var length = buffer->Length;
        buffer->Length = 0;
        return RealWrite(file, buffer, buffer->Data, length, buffer->Start);
    }

    private static int RealWrite(nint file, WalWriteBuffer* buffer, byte* data, int amount, long offset)
    {
        var write = (delegate* unmanaged[Cdecl]<nint, byte*, int, long, int>)buffer->RealMethods->Write;
        for (var done = 0; done < amount; done += LargestRealWrite)
        {
            Interlocked.Increment(ref s_writesIssued);
            var written = write(file, data + done, Math.Min(LargestRealWrite, amount - done), offset + done);
            if (written != SqliteOk)
            {
                return written;
            }
        }

        return SqliteOk;
    }

    private static void Reserve(WalWriteBuffer* buffer, int needed)
    {
        if (needed <= buffer->Capacity)
        {
            return;
        }

        var capacity = Math.Max(buffer->Capacity, InitialCapacity);
        while (capacity < needed)
        {
            capacity = (int)Math.Min((long)capacity * 2, MaxCapacity);
        }

        buffer->Data = (byte*)NativeMemory.Realloc(buffer->Data, (nuint)capacity);
        buffer->Capacity = capacity;
    }
}
