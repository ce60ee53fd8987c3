using System.Runtime.CompilerServices;

namespace AcquirerEngine.Domain;

/// <summary>
/// Always-on assertions (TigerBeetle style): a broken invariant stops the operation instead of
/// writing a wrong journal. Unlike Debug.Assert these also run in Release builds, because a
/// settlement engine that silently continues after a bug is worse than one that stops.
/// </summary>
public static class Invariant
{
    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }

    /// <summary>An interpolated message is formatted only when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref InvariantMessageHandler message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message.ToStringAndClear());
        }
    }
}
