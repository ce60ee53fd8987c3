namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// One malformed field of a request. <see cref="Field"/> is the wire field name in snake_case, with a
/// dotted path inside nested messages ("original.stan"), so the host can answer INVALID_ARGUMENT naming it.
/// </summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
