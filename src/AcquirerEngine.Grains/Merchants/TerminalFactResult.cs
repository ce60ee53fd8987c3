namespace AcquirerEngine.Grains.Merchants;

/// <summary>The merchant's answer to a terminal fact (capture, cancel, refund) forwarded from a terminal's outbox.</summary>
public enum TerminalFactResult
{
    /// <summary>Recorded durably on the ledger: the terminal may drop it from its outbox.</summary>
    Recorded = 1,

    /// <summary>Seen before (deduped by transaction or refund id): nothing changed; drop it.</summary>
    Duplicate = 2,

    /// <summary>Refused for good (a conflicting body, an unknown original); logged; retrying cannot help, drop it.</summary>
    Rejected = 3,

    /// <summary>Not now (merchant not onboarded with a settlement account yet): keep it and retry later, in order.</summary>
    RetryLater = 4,
}
