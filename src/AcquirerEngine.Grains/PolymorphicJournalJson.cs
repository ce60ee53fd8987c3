using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AcquirerEngine.Grains;

/// <summary>
/// A journal event's payload exactly as <c>JsonSerializer.SerializeToUtf8Bytes&lt;TBase&gt;</c> writes it (the
/// type discriminator first, then the event's own members), without the serializer's polymorphic path: through
/// the base type it allocates a frame stack (about 300 B) on every call, and a terminal's sale and the merchant's
/// capture each serialize one event. The event is written as its own type into a reused per-thread buffer and
/// the payload is the type's constant prefix (<c>{"$event":"sale-approved",</c>) followed by those members.
/// </summary>
/// <remarks>
/// The prefix of a type is learned from its first event: both serializations are made, and the splice is used
/// for the type only when the polymorphic bytes are exactly the prefix and the event's own members; otherwise
/// that type keeps the polymorphic path. So the stored bytes are the serializer's own, checked, not assumed.
/// </remarks>
internal static class PolymorphicJournalJson
{
    // Per event type: its constant prefix and own type info, or null when the splice would not reproduce the bytes.
    private static readonly ConcurrentDictionary<Type, (byte[] Prefix, JsonTypeInfo TypeInfo)?> Splices = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Serialize<TBase>(TBase value)
        where TBase : class
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        if (!Splices.TryGetValue(type, out var splice))
        {
            var polymorphic = JsonSerializer.SerializeToUtf8Bytes(value);
            Splices.TryAdd(type, Learn(polymorphic, value, type));
            return polymorphic;
        }

        if (splice is not var (prefix, typeInfo))
        {
            return JsonSerializer.SerializeToUtf8Bytes(value);
        }

        var members = WriteOwnType(value, typeInfo);
        if (members.Length <= 2)
        {
            // "{}": every member of this event was left out (nulls not written), and the learned prefix ends in a
            // ',' that nothing follows. The serializer writes the discriminator alone; so do we.
            return JsonSerializer.SerializeToUtf8Bytes(value);
        }

        var payload = new byte[prefix.Length + members.Length - 1];
        prefix.CopyTo(payload, 0);
        members[1..].CopyTo(payload.AsSpan(prefix.Length));
        return payload;
    }

    /// <summary>The splice for the type when the polymorphic payload is a prefix ending in ',' and the own-type object without its '{'.</summary>
    private static (byte[] Prefix, JsonTypeInfo TypeInfo)? Learn(byte[] polymorphic, object value, Type type)
    {
        var typeInfo = JsonSerializerOptions.Default.GetTypeInfo(type);
        var members = WriteOwnType(value, typeInfo);
        var prefixLength = polymorphic.Length - members.Length + 1;
        if (members.Length < 2 || members[0] != (byte)'{' || prefixLength < 2 || prefixLength > polymorphic.Length
            || polymorphic[0] != (byte)'{' || polymorphic[prefixLength - 1] != (byte)','
            || !polymorphic.AsSpan(prefixLength).SequenceEqual(members[1..]))
        {
            return null;
        }

        return (polymorphic[..prefixLength], typeInfo);
    }

    /// <summary>The value as its own type, in the calling thread's buffer (valid until its next call).</summary>
    private static ReadOnlySpan<byte> WriteOwnType(object value, JsonTypeInfo typeInfo)
    {
        // The default writer options, as SerializeToUtf8Bytes uses with the default serializer options.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
