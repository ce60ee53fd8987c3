using System.Globalization;

namespace AcquirerEngine.Server.Services;

/// <summary>Acquirer-local dates and times on the wire: "2026-10-08" and "2026-10-08T09:00:00", no offset.</summary>
public static class LocalTimeText
{
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";
    public const string DateFormat = "yyyy-MM-dd";

    public static bool TryParseDateTime(string? value, out DateTime local) =>
        DateTime.TryParseExact(value, DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    public static string Format(DateTime local) => local.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static string Format(DateTime? local) => local is { } value ? Format(value) : "";

    public static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Format(DateOnly? date) => date is { } value ? Format(value) : "";
}
