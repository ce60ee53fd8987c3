namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>The steps an iteration can be.</summary>
public enum StepKind
{
    /// <summary>A new sale on a signed-on terminal.</summary>
    Sale,

    /// <summary>A terminal retrying an earlier sale with the same STAN: must be answered idempotently.</summary>
    DuplicateSale,

    /// <summary>Voiding an earlier approved sale.</summary>
    Void,

    /// <summary>Reversing an earlier approved sale.</summary>
    Reverse,

    /// <summary>A sequence: onboard a new merchant, register and sign on its terminal, take its first sale.</summary>
    NewMerchantFirstSale,
}
