using System.Reflection;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Cli;

/// <summary>
/// Short upper-case names of contract enums for human output ("TRANSACTION_STATE_APPROVED" -> "APPROVED"),
/// taken from the proto names the generator records, so they match the JSON output.
/// </summary>
public static class ProtoEnumNames
{
    public static string Short<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        var field = typeof(TEnum).GetField(name, BindingFlags.Public | BindingFlags.Static);
        var original = field?.GetCustomAttribute<OriginalNameAttribute>()?.Name;
        if (original is null)
        {
            // A number this build does not know (a newer server): show it as a number.
            return name;
        }

        var prefix = UpperSnake(typeof(TEnum).Name) + "_";
        return original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;
    }

    private static string UpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
