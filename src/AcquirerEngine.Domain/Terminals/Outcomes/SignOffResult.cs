namespace AcquirerEngine.Domain.Terminals;

public enum SignOffResult
{
    SignedOff = 1,

    /// <summary>No session was open; the batch is returned, no event.</summary>
    AlreadySignedOff = 2,
    NotRegistered = 3,
    MerchantMismatch = 4,
}
