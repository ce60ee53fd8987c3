using System.Collections.ObjectModel;

namespace AcquirerEngine.Domain;

/// <summary>
/// For state collections that are empty in most instances (a terminal's refunds, orphan reversals and closed
/// batches; a merchant's refunds): the state keeps a null field until the first entry and shows readers a
/// shared empty dictionary meanwhile, so a million mostly idle grains do not each carry empty dictionaries.
/// The JSON is the same as for a plain dictionary: <c>{}</c> when empty, and an empty or missing (or null)
/// property reads back as empty.
/// </summary>
public static class SparseDictionary
{
    /// <summary>What a state shows for a collection that has no entries yet.</summary>
    public static IReadOnlyDictionary<string, T> View<T>(Dictionary<string, T>? entries) =>
        entries is null ? ReadOnlyDictionary<string, T>.Empty : entries;

    /// <summary>The field to keep for entries read from a snapshot: null when there are none, else an ordinal copy.</summary>
    public static Dictionary<string, T>? From<T>(IReadOnlyDictionary<string, T>? entries) =>
        entries is null || entries.Count == 0 ? null : new Dictionary<string, T>(entries, StringComparer.Ordinal);

    /// <summary>The field's dictionary, created on the first entry.</summary>
    public static Dictionary<string, T> Ensure<T>(ref Dictionary<string, T>? entries) =>
        entries ??= new Dictionary<string, T>(StringComparer.Ordinal);
}
