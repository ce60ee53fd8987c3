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

/// <param name="AccountType">The wire enum value (1 corporate, 2 personal, 3 Class II).</param>
public sealed record AccountInput(string? BankCode, string? AccountNumber, int AccountType, bool SameBank);

/// <param name="CreditRateCentiBps">Hundredths of a basis point (= parts per million): 0.60% = 6000.</param>
/// <param name="DebitCapMinor">0 = no cap.</param>
public sealed record PricingInput(uint CreditRateCentiBps, uint DebitRateCentiBps, long DebitCapMinor);
