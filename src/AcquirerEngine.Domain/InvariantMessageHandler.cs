using System.Runtime.CompilerServices;

namespace AcquirerEngine.Domain;

/// <summary>
/// Builds an <see cref="Invariant.Require(bool, ref InvariantMessageHandler)"/> message only when the invariant is
/// broken: the checks run on every ledger and terminal event (hot paths such as the nightly settlement run), and
/// formatting record ids and dates for a message nobody reads cost more than the checks themselves.
/// </summary>
[InterpolatedStringHandler]
public ref struct InvariantMessageHandler
{
    private DefaultInterpolatedStringHandler _message;

    public InvariantMessageHandler(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        shouldAppend = !condition;

        // Current culture, as the plain interpolated string this replaces was formatted.
        _message = condition ? default : new DefaultInterpolatedStringHandler(literalLength, formattedCount, System.Globalization.CultureInfo.CurrentCulture);
    }

    public void AppendLiteral(string value) => _message.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _message.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _message.AppendFormatted(value, format);

    public void AppendFormatted<T>(T value, int alignment) => _message.AppendFormatted(value, alignment);

    public void AppendFormatted<T>(T value, int alignment, string? format) => _message.AppendFormatted(value, alignment, format);

    public void AppendFormatted(ReadOnlySpan<char> value) => _message.AppendFormatted(value);

    public void AppendFormatted(string? value) => _message.AppendFormatted(value);

    internal string ToStringAndClear() => _message.ToStringAndClear();
}
