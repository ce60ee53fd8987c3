namespace AcquirerEngine.Domain;

/// <summary>
/// Thrown when the engine itself is wrong: a command that skipped validation, an event applied twice,
/// money that does not add up. Business rejections are never exceptions; they are outcome enums.
/// </summary>
public sealed class InvariantViolationException : Exception
{
    public InvariantViolationException(string message)
        : base(message)
    {
    }

    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
