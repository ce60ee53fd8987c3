namespace AcquirerEngine.Domain.Merchants;

/// <summary>
/// OnboardMerchantRequest (operator.proto) as plain values, before validation. Zero/empty means "not set"
/// exactly as on the wire: an unset pricing is the standard rate table, an unset cycle is T+1, a zero quota
/// is none, a zero first-sale threshold is the engine default.
/// </summary>
public sealed record OnboardMerchantInput(
    string? MerchantId,
    string? Name,
    AccountInput? Account,
    PricingInput? Pricing,
    int Cycle,
    long SameDayQuotaMinor,
    long FirstSaleReviewThresholdMinor);
