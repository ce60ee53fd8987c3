using System.Reflection;
using System.Text.Json;

namespace AcquirerEngine.Runtime.Placement;

/// <summary>
/// Grain call arguments and results as JSON, each value written as its declared parameter or result type, with the
/// runtime's serializer options (the same ones grain state uses, so what can be stored can be sent).
/// </summary>
internal static class GrainCallCodec
{
    public static byte[] WriteArguments(MethodInfo method, object?[]? args, JsonSerializerOptions options)
    {
        var parameters = method.GetParameters();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < parameters.Length; i++)
            {
                JsonSerializer.Serialize(writer, args?[i], parameters[i].ParameterType, options);
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    public static object?[] ReadArguments(MethodInfo method, byte[] json, JsonSerializerOptions options)
    {
        var parameters = method.GetParameters();
        using var document = JsonDocument.Parse(json);
        var elements = document.RootElement;
        if (elements.ValueKind != JsonValueKind.Array || elements.GetArrayLength() != parameters.Length)
        {
            throw new ArgumentException($"Call of {method.Name} carries {(elements.ValueKind == JsonValueKind.Array ? elements.GetArrayLength() : 0)} arguments; it takes {parameters.Length}.", nameof(json));
        }

        var args = new object?[parameters.Length];
        var index = 0;
        foreach (var element in elements.EnumerateArray())
        {
            args[index] = element.Deserialize(parameters[index].ParameterType, options);
            index++;
        }

        return args;
    }

    /// <summary>The type a method's task completes with; null for a plain Task.</summary>
    public static Type? ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;

    public static byte[] WriteResult(Type? resultType, object? value, JsonSerializerOptions options) =>
        resultType is null ? "null"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(value, resultType, options);

    public static T ReadResult<T>(byte[] json, JsonSerializerOptions options) => JsonSerializer.Deserialize<T>(json, options)!;
}
