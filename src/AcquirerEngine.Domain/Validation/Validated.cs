namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// Either a typed command built from valid input, or every validation error found (in field order).
/// Malformed input is a result, not an exception.
/// </summary>
public sealed class Validated<T>
    where T : class
{
    private Validated(T? value, IReadOnlyList<ValidationError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The command; non-null exactly when <see cref="IsValid"/>.</summary>
    public T? Value { get; }

    public IReadOnlyList<ValidationError> Errors { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    public bool IsValid => Value is not null;

    /// <summary>The first error, for hosts that report one field at a time.</summary>
    public ValidationError? FirstError => Errors.Count > 0 ? Errors[0] : null;

    public static Validated<T> Valid(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Validated<T>(value, []);
    }

    public static Validated<T> Invalid(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Invariant.Require(errors.Count > 0, "an invalid result needs at least one error");
        return new Validated<T>(null, errors);
    }
}
