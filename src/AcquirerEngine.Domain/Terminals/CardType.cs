namespace AcquirerEngine.Domain.Terminals;

/// <summary>Mirrors the wire enum values so mapping is a cast; Unspecified is never valid in a command.</summary>
public enum CardType
{
    Unspecified = 0,
    Debit = 1,
    Credit = 2,
}
