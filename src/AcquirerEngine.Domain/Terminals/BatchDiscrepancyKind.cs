namespace AcquirerEngine.Domain.Terminals;

/// <summary>How one uploaded record (0320) disagrees with the host. In every case the host's record is what settles.</summary>
public enum BatchDiscrepancyKind
{
    Unspecified = 0,

    /// <summary>The terminal holds a sale the host never approved: recorded here only, no money moves.</summary>
    UnknownToHost = 1,

    /// <summary>The host approved a sale the terminal did not upload: it stays approved and is settled.</summary>
    MissingOnTerminal = 2,

    /// <summary>Same identity, different body (amount, currency, card, token or time): the host's body stands.</summary>
    BodyMismatch = 3,

    /// <summary>The terminal counts a sale the host declined, voided or reversed: no money moves for it.</summary>
    NotStandingOnHost = 4,
}
