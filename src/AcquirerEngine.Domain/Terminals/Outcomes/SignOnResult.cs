namespace AcquirerEngine.Domain.Terminals;

public enum SignOnResult
{
    SignedOn = 1,

    /// <summary>The session was already open; the batch is returned again, no event.</summary>
    AlreadySignedOn = 2,
    NotRegistered = 3,

    /// <summary>The terminal is registered to a different merchant id than the request names.</summary>
    MerchantMismatch = 4,
}
